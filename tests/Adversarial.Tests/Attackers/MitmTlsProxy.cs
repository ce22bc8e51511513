using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Adversarial.Tests.Attackers;

/// <summary>
/// A TLS-terminating man in the middle on 127.0.0.1: presents its own chain (valid-looking: right name, current dates,
/// a CA the victim may even trust for PKIX) to the client, opens its own TLS connection to the real server and
/// relays the bytes both ways.
/// </summary>
internal sealed class MitmTlsProxy : IAsyncDisposable
{
    private readonly SslStreamCertificateContext _context;
    private readonly int _realPort;
    private readonly byte[] _realCertificateHash;
    private readonly LoopbackAcceptLoop _loop;
    private int _intercepted;

    private MitmTlsProxy(int realPort, X509Certificate2 realCertificate, X509Certificate2 leaf, X509Certificate2[] chain)
    {
        _realPort = realPort;
        _realCertificateHash = realCertificate.GetCertHash(HashAlgorithmName.SHA256);
        _context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true);
        _loop = new LoopbackAcceptLoop(RelayAsync);
    }

    public int Port => _loop.Port;

    /// <summary>Client handshakes the proxy completed: sessions it could read.</summary>
    public int Intercepted => Volatile.Read(ref _intercepted);

    /// <summary>Relays to the real server on the port, which it recognises by its certificate.</summary>
    public static MitmTlsProxy Start(int realPort, X509Certificate2 realCertificate, X509Certificate2 leaf, params X509Certificate2[] chain) => new(realPort, realCertificate, leaf, chain);

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private bool IsRealServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(_realCertificateHash);

    // A refused proxy certificate ends the connection inside the loop: the expected end.
    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await using var victim = new SslStream(client.GetStream());
        await victim.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, cancellationToken);
        Interlocked.Increment(ref _intercepted);
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, _realPort, cancellationToken);
        await using var real = new SslStream(upstream.GetStream(), false, IsRealServer);
        await real.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = victim.TargetHostName }, cancellationToken);
        Task up = victim.CopyToAsync(real, cancellationToken);
        Task down = real.CopyToAsync(victim, cancellationToken);
        await Task.WhenAny(up, down);
    }
}
