using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Adversarial.Tests.Attackers;

/// <summary>
/// A TLS server on 127.0.0.1 whose certificate can be switched between connections (<see cref="Present"/>). After the
/// handshake it reads an HTTP request if one comes and answers <c>200 ok</c> with <c>Connection: close</c>, so every
/// HTTP request is a new connection and a new handshake.
/// </summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private SslStreamCertificateContext _current;
    private int _handshakes;

    private TlsTestServer(X509Certificate2 leaf, X509Certificate2[] chain)
    {
        _current = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true);
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Handshakes completed (from the server's side).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    public static TlsTestServer Start(X509Certificate2 leaf, params X509Certificate2[] chain) => new(leaf, chain);

    /// <summary>Presents another certificate (and chain) from the next handshake on.</summary>
    public void Present(X509Certificate2 leaf, params X509Certificate2[] chain) =>
        Volatile.Write(ref _current, SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var ssl = new SslStream(client.GetStream());
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = Volatile.Read(ref _current) }, timeout.Token);
                Interlocked.Increment(ref _handshakes);
                await HttpExchange.AnswerOneAsync(ssl, "ok", timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or SocketException)
            {
                // The client refused the certificate or went away: what the refusal tests expect.
            }
        }
    }
}

/// <summary>The smallest HTTP/1.1 server side: read one request head, answer, close.</summary>
internal static class HttpExchange
{
    public static async Task AnswerOneAsync(Stream stream, string body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (head.Length < 16384)
        {
            int n = await stream.ReadAsync(one, cancellationToken);
            if (n == 0)
            {
                return;
            }

            head.Append((char)one[0]);
            if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                break;
            }
        }

        string response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
