using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Adversarial.Tests.Attackers;

/// <summary>
/// A TLS-terminating man in the middle on 127.0.0.1: presents its own chain (valid-looking: right name, current dates,
/// a CA the victim may even trust for PKIX) to the client, opens its own TLS connection to the real server and
/// relays the bytes both ways.
/// </summary>
internal sealed class MitmTlsProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SslStreamCertificateContext _context;
    private readonly int _realPort;
    private readonly byte[] _realCertificateHash;
    private readonly Task _loop;
    private int _intercepted;

    private MitmTlsProxy(int realPort, X509Certificate2 realCertificate, X509Certificate2 leaf, X509Certificate2[] chain)
    {
        _realPort = realPort;
        _realCertificateHash = realCertificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        _context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true);
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Client handshakes the proxy completed: sessions it could read.</summary>
    public int Intercepted => Volatile.Read(ref _intercepted);

    /// <summary>Relays to the real server on the port, which it recognises by its certificate.</summary>
    public static MitmTlsProxy Start(int realPort, X509Certificate2 realCertificate, X509Certificate2 leaf, params X509Certificate2[] chain) => new(realPort, realCertificate, leaf, chain);

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

    private bool IsRealServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).AsSpan().SequenceEqual(_realCertificateHash);

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

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                await using var victim = new SslStream(client.GetStream());
                await victim.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, timeout.Token);
                Interlocked.Increment(ref _intercepted);
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _realPort, timeout.Token);
                await using var real = new SslStream(upstream.GetStream(), false, IsRealServer);
                await real.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = victim.TargetHostName }, timeout.Token);
                Task up = victim.CopyToAsync(real, timeout.Token);
                Task down = real.CopyToAsync(victim, timeout.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or SocketException)
            {
                // The victim refused the proxy's certificate: the expected end.
            }
        }
    }
}
