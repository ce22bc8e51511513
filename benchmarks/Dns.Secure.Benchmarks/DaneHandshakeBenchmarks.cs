using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The cost DANE adds to a TLS connection (issue 8: goal ≤ 1.05×): TCP connect + TLS handshake to an in-process
/// <see cref="SslStream"/> server on 127.0.0.1, with a plain <see cref="SslStream"/> client (baseline: default options, the
/// private CA in the system trust; also with the CA as its only custom root) against
/// <see cref="DaneTlsConnector.ConnectAsync"/> (validating-resolver lookups of A, AAAA and TLSA answered from its warm cache,
/// Happy Eyeballs, the runtime's chain build under DaneChainPolicy and the DANE matcher).
/// <c>ee</c>: self-signed leaf, TLSA <c>3 1 1</c>. <c>ta</c>: leaf + intermediate sent, TLSA <c>2 1 1</c> on the
/// intermediate (a signature check on the DANE-TA path).
/// </summary>
[MemoryDiagnoser]
public class DaneHandshakeBenchmarks
{
    private readonly List<IDisposable> _owned = [];
    private TestHierarchy _hierarchy = null!;
    private StubResolver _stub = null!;
    private DaneTlsConnector _connector = null!;
    private BenchTlsServer _server = null!;
    private X509Certificate2 _leaf = null!;
    private string _host = null!;

    internal DaneTlsConnector Connector => _connector;

    internal string Host => _host;

    internal int Port => _server.Port;

    internal X509Certificate2 LeafCertificate => _leaf;

    internal X509Certificate2[] Intermediates { get; private set; } = [];

    /// <summary>What a plain PKIX client would trust: the private root (<c>ta</c>) or the self-signed leaf (<c>ee</c>).</summary>
    internal X509Certificate2 TrustedRoot { get; private set; } = null!;

    /// <summary>Which server: <c>ee</c> (DANE-EE) or <c>ta</c> (DANE-TA).</summary>
    [Params("ee", "ta")]
    public string Server { get; set; } = "ee";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>What a plain client does with default options: the runtime's chain build against the system trust (where
    /// <see cref="PrivateSystemTrust"/> put the private CA), its name check, no callback.</summary>
    [Benchmark(Baseline = true, Description = "plain SslStream, default options")]
    public async Task<int> Plain()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port).ConfigureAwait(false);
        await using var ssl = new SslStream(tcp.GetStream(), false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _host }).ConfigureAwait(false);
        return ssl.ReadByte();
    }

    /// <summary>A plain client told to trust only the private CA (<see cref="X509ChainTrustMode.CustomRootTrust"/>): the
    /// cheapest PKIX a plain client can ask the runtime for.</summary>
    [Benchmark(Description = "plain SslStream, CA as custom root")]
    public async Task<int> PlainCustomRoot()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port).ConfigureAwait(false);
        await using var ssl = new SslStream(tcp.GetStream(), false);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(TrustedRoot);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _host, CertificateChainPolicy = policy }).ConfigureAwait(false);
        return ssl.ReadByte();
    }

    [Benchmark(Description = "DaneTlsConnector")]
    public async Task<int> Dane()
    {
        await using DaneConnection connection = await _connector.ConnectAsync(_host, _server.Port).ConfigureAwait(false);
        return connection.Stream.ReadByte();
    }

    /// <summary>The DANE handshake alone on a plainly connected socket (no DNS, no Happy Eyeballs).</summary>
    internal async Task<int> DaneHandshakeOnly()
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port).ConfigureAwait(false);
        _target ??= await _connector.Targets.ResolveAsync(_host, _server.Port).ConfigureAwait(false);
        await using DaneConnection connection = await DaneTlsConnector.HandshakeAsync(tcp.GetStream(), _target, DaneTlsOptions.Default, CancellationToken.None).ConfigureAwait(false);
        return connection.Stream.ReadByte();
    }

    private DaneTarget? _target;

    private async Task SetupAsync()
    {
        X509Certificate2 root = Own(Ca("CN=Bench Root", null));
        X509Certificate2 intermediate = Own(Ca("CN=Bench Intermediate", root));
        _host = Server + ".example";
        X509Certificate2[] extra;
        if (Server == "ee")
        {
            _leaf = Own(Leaf(_host, issuer: null));
            extra = [];
            TrustedRoot = _leaf;
        }
        else
        {
            _leaf = Own(Leaf(_host, intermediate));
            extra = [intermediate];
            TrustedRoot = root;
        }

        Intermediates = extra;
        PrivateSystemTrust.Add(TrustedRoot, _leaf, extra);
        _server = new BenchTlsServer(SslStreamCertificateContext.Create(_leaf, [.. extra], offline: true));
        _hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(
            _server.Port, Server == "ee" ? _leaf : intermediate, Server, usage: Server == "ee" ? TlsaCertificateUsage.DaneEe : TlsaCertificateUsage.DaneTa)).ConfigureAwait(false);
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(_hierarchy.EndPoint));
        _stub = new StubResolver(options);
        var anchors = _hierarchy.TrustAnchorStore;
        _connector = new DaneTlsConnector(new DaneTargetResolver(new ValidatingResolver(new StubDataSource(_stub), anchors)));

        // Warm the validating resolver's cache and check both clients work before measuring.
        for (int i = 0; i < 3; i++)
        {
            if (await Dane().ConfigureAwait(false) != BenchTlsServer.Byte || await Plain().ConfigureAwait(false) != BenchTlsServer.Byte
                || await PlainCustomRoot().ConfigureAwait(false) != BenchTlsServer.Byte)
            {
                throw new InvalidOperationException("The benchmark set-up does not connect.");
            }
        }
    }

    private async Task CleanupAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        await _stub.DisposeAsync().ConfigureAwait(false);
        await _hierarchy.DisposeAsync().ConfigureAwait(false);
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }
    }

    private X509Certificate2 Own(X509Certificate2 certificate)
    {
        _owned.Add(certificate);
        return certificate;
    }

    private static X509Certificate2 Ca(string subject, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return Issue(request, key, issuer);
    }

    private static X509Certificate2 Leaf(string dnsName, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        return Issue(request, key, issuer);
    }

    private static X509Certificate2 Issue(CertificateRequest request, ECDsa key, X509Certificate2? issuer)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = issuer is null
            ? request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30))
            : IssueBy(request, key, issuer, now);
        // Through PKCS#12 so that the server side can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 IssueBy(CertificateRequest request, ECDsa key, X509Certificate2 issuer, DateTimeOffset now)
    {
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Accepts TLS connections on 127.0.0.1, writes one byte after the handshake and closes.</summary>
    private sealed class BenchTlsServer : IAsyncDisposable
    {
        public const int Byte = 42;

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly SslStreamCertificateContext _context;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public BenchTlsServer(SslStreamCertificateContext context)
        {
            _context = context;
            _listener.Start();
            _loop = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            try
            {
                await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, _stop.Token).ConfigureAwait(false);
                ssl.WriteByte(Byte);
                await ssl.FlushAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client went away.
            }
        }
    }
}
