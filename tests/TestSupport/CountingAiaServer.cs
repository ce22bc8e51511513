using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneTesting;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers every request with one DER certificate and counts the requests: the place an
/// authority-information-access URL of a test certificate points to, so a test can show that nobody fetched an issuer.
/// </summary>
public sealed class CountingAiaServer : IAsyncDisposable
{
    private readonly LoopbackAcceptLoop _loop;
    private byte[] _der = [];
    private int _requests;

    /// <summary>Starts the server on a port of its own.</summary>
    public CountingAiaServer() => _loop = new LoopbackAcceptLoop(ServeAsync);

    /// <summary>The URL to put in a certificate's AIA extension.</summary>
    public string Url => $"http://127.0.0.1:{_loop.Port}/issuer.cer";

    /// <summary>Requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The certificate every request is answered with.</summary>
    public void Serve(X509Certificate2 certificate) => _der = certificate.RawData;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        NetworkStream stream = client.GetStream();
        var buffer = new byte[4096];
        int read = 0;
        while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return;
            }

            read += n;
        }

        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: {_der.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(_der, cancellationToken);
    }
}
