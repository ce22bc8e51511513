using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>
/// Prosody (Debian package prosody) in the foreground with a private configuration: one VirtualHost with a test
/// certificate, client-to-server STARTTLS required (<c>c2s_require_encryption</c>) on a loopback address and a port of its
/// own, optionally a direct-TLS port (XEP-0368), no server-to-server, HTTP or admin socket; pid file and data in a scratch
/// directory. Disposing kills exactly this process.
/// </summary>
public sealed class ProsodyServer : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private ProsodyServer(ServerProcess server, IPEndPoint? directTls)
    {
        _server = server;
        DirectTlsEndpoint = directTls;
    }

    /// <summary>The client-to-server STARTTLS endpoint.</summary>
    public IPEndPoint StartTlsEndpoint => _server.Endpoint;

    /// <summary>The client-to-server direct-TLS endpoint, when one was asked for.</summary>
    public IPEndPoint? DirectTlsEndpoint { get; }

    /// <summary>Prosody's console log.</summary>
    public string Output => _server.Output;

    /// <summary>Starts Prosody serving <paramref name="virtualHost"/> with <paramref name="certificate"/> (which must carry an ECDSA or RSA private key).</summary>
    public static async Task<ProsodyServer> StartAsync(string virtualHost, X509Certificate2 certificate, IPAddress address, bool directTls = false)
    {
        string prosody = RequiredTool.Find("prosody", "prosody");
        int port = LoopbackPort.PickFree(address);
        int directPort = directTls ? LoopbackPort.PickFree(address) : 0;
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        Directory.CreateDirectory(dir.File("certs"));
        string certPath = dir.File("certs/server.crt");
        string keyPath = dir.File("certs/server.key");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, ExportKeyPem(certificate));

        var conf = new StringBuilder();
        conf.AppendLine($"pidfile = \"{dir.File("prosody.pid")}\"");
        conf.AppendLine($"data_path = \"{dir.File("data")}\"");
        conf.AppendLine($"certificates = \"{dir.File("certs")}\"");
        conf.AppendLine("run_as_root = true");
        conf.AppendLine("log = { { levels = { min = \"info\" }, to = \"console\" } }");
        conf.AppendLine("modules_enabled = { \"tls\", \"saslauth\", \"disco\", \"ping\" }");
        conf.AppendLine("modules_disabled = { \"s2s\", \"admin_socket\", \"offline\" }");
        conf.AppendLine($"c2s_ports = {{ {port} }}");
        conf.AppendLine($"c2s_interfaces = {{ \"{address}\" }}");
        conf.AppendLine(directTls ? $"c2s_direct_tls_ports = {{ {directPort} }}" : "c2s_direct_tls_ports = { }");
        conf.AppendLine($"c2s_direct_tls_interfaces = {{ \"{address}\" }}");
        conf.AppendLine("s2s_ports = { }");
        conf.AppendLine("http_ports = { }");
        conf.AppendLine("https_ports = { }");
        conf.AppendLine("component_ports = { }");
        conf.AppendLine("legacy_ssl_ports = { }");
        conf.AppendLine("c2s_require_encryption = true");
        conf.AppendLine("authentication = \"internal_plain\"");
        conf.AppendLine("storage = \"memory\"");
        conf.AppendLine($"ssl = {{ certificate = \"{certPath}\", key = \"{keyPath}\" }}");
        conf.AppendLine($"VirtualHost \"{virtualHost}\"");
        conf.AppendLine($"  ssl = {{ certificate = \"{certPath}\", key = \"{keyPath}\" }}");
        string confPath = dir.File("prosody.cfg.lua");
        await File.WriteAllTextAsync(confPath, conf.ToString());

        var endpoint = new IPEndPoint(address, port);
        IPEndPoint? direct = directTls ? new IPEndPoint(address, directPort) : null;
        ServerProcess server = await ServerProcess.StartAsync(
            prosody, ["-F", "--config", confPath], dir, direct is null ? [endpoint] : [endpoint, direct], TimeSpan.FromSeconds(30), dir.Path);
        return new ProsodyServer(server, direct);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string ExportKeyPem(X509Certificate2 certificate)
    {
        using var ecdsa = certificate.GetECDsaPrivateKey();
        if (ecdsa is not null)
        {
            return ecdsa.ExportPkcs8PrivateKeyPem();
        }

        using var rsa = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        return rsa.ExportPkcs8PrivateKeyPem();
    }
}
