using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneSockets.Tests.Support;

/// <summary>A TLS server on 127.0.0.1 with a port it picks: each client gets the handshake, then one line, then the close.</summary>
internal sealed class LoopbackTlsServer : IAsyncDisposable
{
    public const string Greeting = "hello from the test server\n";

    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LoopbackTlsServer(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The SNI name of the last handshake.</summary>
    public string? LastServerName { get; private set; }

    public static LoopbackTlsServer Start(X509Certificate2 certificate) => new(certificate);

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
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                LastServerName = ssl.TargetHostName;
                await ssl.WriteAsync(Encoding.ASCII.GetBytes(Greeting), _stop.Token);
                await ssl.FlushAsync(_stop.Token);
                await ssl.ShutdownAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client refused the certificate or went away: expected in the refusal tests.
            }
        }
    }
}
