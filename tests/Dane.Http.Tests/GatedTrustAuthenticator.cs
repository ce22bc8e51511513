using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneHttp.Http;

namespace DaneHttp.Tests;

/// <summary>
/// An authenticator for the lookup-alongside-connect tests: its trust lookup does not finish until the client has begun
/// the TLS handshake on the connection (its first write, the ClientHello), and then finishes with <paramref name="answer"/>.
/// A transport that waited for the lookup before connecting or before starting TLS would never finish.
/// </summary>
internal sealed class GatedTrustAuthenticator(Func<string, int, EndpointTrust> answer) : IEndpointAuthenticator
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _events = [];

    /// <summary>What happened, in order: <c>lookup started</c>, <c>connected</c>, <c>lookup answered</c>, <c>tls started</c>, <c>verified</c>.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async ValueTask<EndpointTrust> GetTrustAsync(string host, int port, CancellationToken cancellationToken)
    {
        Record("lookup started");
        // The answer is held back until the TCP connection is up: the lookup can only finish if both run at once.
        await _connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Record("lookup answered");
        return answer(host, port);
    }

    public async ValueTask<Stream> ConnectAsync(string host, int port, EndpointTrust? trust, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
        Record("connected");
        _connected.TrySetResult();
        return new FirstWriteStream(client.GetStream(), () => Record("tls started"));
    }

    public object Verify(EndpointTrust trust, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        Record("verified");
        return leaf is not null && string.Equals(leaf.Thumbprint, (string)trust.Data, StringComparison.OrdinalIgnoreCase)
            ? "accepted"
            : throw new System.Security.Authentication.AuthenticationException("unexpected certificate");
    }

    private void Record(string what)
    {
        lock (_events)
        {
            _events.Add(what);
        }
    }

    /// <summary>Passes everything through and reports the first write.</summary>
    private sealed class FirstWriteStream(Stream inner, Action onFirstWrite) : Stream
    {
        private int _written;

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Signal();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Signal();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Signal()
        {
            if (Interlocked.Exchange(ref _written, 1) == 0)
            {
                onFirstWrite();
            }
        }
    }
}
