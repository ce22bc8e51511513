using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneHttp.Http;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaneHttp.Benchmarks;

/// <summary>
/// One Kestrel HTTPS server on 127.0.0.1 and two clients for it: a plain <see cref="SocketsHttpHandler"/> (connects
/// straight to 127.0.0.1, certificate accepted by identity after the runtime's own chain build) and the DANE transport of Dane.Http with a validating
/// resolver pointed at a private signed tree (in process, loopback UDP). The tree holds <c>www.example</c> and
/// <see cref="FreshHostCount"/> further hosts <c>h0.example</c> …, each with A 127.0.0.1 and a TLSA 3 1 1 for the server's
/// key, so that every "lookup on the connect path" operation can use a host the caches have never seen.
/// <para>PKIX fallback: the server's certificate is issued by a private CA and also names <c>pkix.example</c>, a host with
/// an address and no TLSA RRset (proven absent). <see cref="DanePkix"/> (Dane.Http, opportunistic policy, the CA as its
/// PKIX trust store) connects there by PKIX fallback; <see cref="PlainCustomRoot"/> is the plain client that trusts only
/// that CA (the runtime's custom-root chain build), its natural baseline.</para>
/// </summary>
public sealed class LoopbackSetup : IAsyncDisposable
{
    public const int FreshHostCount = 3000;

    private readonly WebApplication _server;
    private readonly TestHierarchy _hierarchy;
    private readonly StubResolver _stub;
    private readonly StubResolver _plainStub;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2 _ca;
    private readonly Uri _uri;
    private readonly Uri _pkixUri;
    private int _nextFreshHost;
    private int _nextPlainHost;
    private int _nextResolvedHost;

    private LoopbackSetup(
        WebApplication server, TestHierarchy hierarchy, StubResolver stub, StubResolver plainStub, X509Certificate2 certificate, X509Certificate2 ca, int port,
        HttpClient plain, HttpClient dane, HttpClient plainCustomRoot, HttpClient danePkix)
    {
        _server = server;
        _hierarchy = hierarchy;
        _stub = stub;
        _plainStub = plainStub;
        _certificate = certificate;
        _ca = ca;
        Port = port;
        Plain = plain;
        Dane = dane;
        PlainCustomRoot = plainCustomRoot;
        DanePkix = danePkix;
        _uri = new Uri($"https://www.example:{port}/");
        _pkixUri = new Uri($"https://pkix.example:{port}/");
    }

    public int Port { get; }

    public HttpClient Plain { get; }

    public HttpClient Dane { get; }

    /// <summary>A plain client that trusts only the private CA (custom-root chain build, no system store).</summary>
    public HttpClient PlainCustomRoot { get; }

    /// <summary>Dane.Http with the opportunistic policy and the private CA as PKIX trust store.</summary>
    public HttpClient DanePkix { get; }

    /// <summary>Fresh hosts used so far.</summary>
    public int FreshHostsUsed => _nextFreshHost;

    public static async Task<LoopbackSetup> StartAsync()
    {
        (X509Certificate2 ca, X509Certificate2 certificate) = CreateCertificates();
        WebApplication server = await StartServerAsync(certificate).ConfigureAwait(false);
        int port = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b =>
        {
            TestZoneBuilder zone = b.AddZone("example.").WithTlsa(port, certificate, "www");
            for (int i = 0; i < FreshHostCount; i++)
            {
                zone.WithTlsa(port, certificate, $"h{i}");
                // Names for the plain client that resolves (no TLSA): distinct from h…, so no TLS session is shared.
                zone.WithAddress(IPAddress.Loopback, $"r{i}");
            }

            // The PKIX-fallback host: an address, no TLSA RRset (the signed zone proves it absent).
            zone.WithAddress(IPAddress.Loopback, "pkix");
        }).ConfigureAwait(false);

        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(hierarchy.EndPoint));
        var stub = new StubResolver(stubOptions);
        var resolver = new ValidatingResolver(new StubDataSource(stub), hierarchy.TrustAnchorStore);
        var tls = new DaneTlsOptions();
        var authenticator = new DaneEndpointAuthenticator(new DaneTargetResolver(resolver), tls, TimeSpan.FromHours(1), TimeProvider.System);
        var dane = new HttpClient(new DaneTransportHandler(authenticator, new DaneHttpTransportSettings { AllowAutoRedirect = false }));
        var pkixTls = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [ca] };
        var pkixAuthenticator = new DaneEndpointAuthenticator(new DaneTargetResolver(resolver), pkixTls, TimeSpan.FromHours(1), TimeProvider.System);
        var danePkix = new HttpClient(new DaneTransportHandler(pkixAuthenticator, new DaneHttpTransportSettings { AllowAutoRedirect = false }));

        // The plain client's own resolver for the "plain resolves too" variant: no cache, same DNS server, no validation.
        var plainStubOptions = new StubResolverOptions { CacheMaxEntries = 0 };
        plainStubOptions.Servers.Add(new NameServer(hierarchy.EndPoint));
        var plainStub = new StubResolver(plainStubOptions);

        var plain = new HttpClient(PlainHandler(port, plainStub, new SslClientAuthenticationOptions
        {
            // What a plain client pinned to a self-signed certificate does: the runtime builds and checks the chain, then
            // the callback accepts the one known certificate.
            RemoteCertificateValidationCallback = (_, presented, _, errors) => errors == SslPolicyErrors.None || certificate.Equals(presented),
        }));
        var customRoot = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
        customRoot.CustomTrustStore.Add(ca);
        var plainCustomRoot = new HttpClient(PlainHandler(port, plainStub, new SslClientAuthenticationOptions { CertificateChainPolicy = customRoot }));

        var setup = new LoopbackSetup(server, hierarchy, stub, plainStub, certificate, ca, port, plain, dane, plainCustomRoot, danePkix);
        // Every client works; the DANE one is authenticated by DANE, the PKIX-fallback one by PKIX.
        await setup.PlainNewConnectionAsync().ConfigureAwait(false);
        await setup.PlainCustomRootNewConnectionAsync().ConfigureAwait(false);
        await ExpectDecisionAsync(dane, setup._uri, DaneDecision.AcceptDane).ConfigureAwait(false);
        await ExpectDecisionAsync(danePkix, setup._pkixUri, DaneDecision.AcceptPkix).ConfigureAwait(false);
        return setup;
    }

    private static async Task ExpectDecisionAsync(HttpClient client, Uri uri, DaneDecision expected)
    {
        using HttpResponseMessage response = await client.GetAsync(uri).ConfigureAwait(false);
        DaneDecision? decision = response.GetDaneResult()?.Decision.Decision;
        if (decision != expected)
        {
            throw new InvalidOperationException($"{uri}: the DANE client decided {decision?.ToString() ?? "nothing"}, not {expected}.");
        }
    }

    private static SocketsHttpHandler PlainHandler(int port, StubResolver plainStub, SslClientAuthenticationOptions ssl) =>
        new()
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // The benchmark's names exist only in the private tree: the plain client goes straight to the server's address,
            // with the same URL (and so the same SNI and TLS session cache key) as the DANE client.
            ConnectCallback = async (context, cancellationToken) =>
            {
                IPAddress address = IPAddress.Loopback;
                if (context.DnsEndPoint.Host.StartsWith('r'))
                {
                    // "Plain resolves too": A and AAAA in parallel from the same DNS server, as a plain client's resolver does.
                    address = await ResolvePlainAsync(plainStub, context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = ssl,
        };

    public Task PlainNewConnectionAsync() => SendAsync(Plain, _uri, close: true);

    /// <summary>A new connection to a host name never used before (so no TLS session to resume), without any DNS.</summary>
    public Task PlainNewConnectionToNewHostAsync()
    {
        int host = Interlocked.Increment(ref _nextPlainHost) - 1;
        return SendAsync(Plain, new Uri($"https://p{host}.example:{Port}/"), close: true);
    }

    /// <summary>A new connection to a name never used before, which the plain client resolves (A and AAAA, no cache, no
    /// validation) from the same DNS server the DANE client asks: both sides pay for the name's lookup.</summary>
    public Task PlainNewConnectionToNewHostResolvedAsync()
    {
        int host = Interlocked.Increment(ref _nextResolvedHost) - 1;
        if (host >= FreshHostCount)
        {
            throw new InvalidOperationException($"All {FreshHostCount} resolvable plain hosts are used; the run needs fewer operations or more hosts.");
        }

        return SendAsync(Plain, new Uri($"https://r{host}.example:{Port}/"), close: true);
    }

    public Task DaneNewConnectionWarmAsync() => SendAsync(Dane, _uri, close: true);

    /// <summary>A new connection to the PKIX-fallback host by the plain client that trusts only the private CA.</summary>
    public Task PlainCustomRootNewConnectionAsync() => SendAsync(PlainCustomRoot, _pkixUri, close: true);

    /// <summary>A new connection to the PKIX-fallback host by Dane.Http (warm cache: the TLSA RRset is known to be absent).</summary>
    public Task DanePkixNewConnectionWarmAsync() => SendAsync(DanePkix, _pkixUri, close: true);

    /// <summary>A new connection to a host never asked before: the TLSA and address lookups run on the connect path.</summary>
    public Task DaneNewConnectionWithLookupAsync()
    {
        int host = Interlocked.Increment(ref _nextFreshHost) - 1;
        if (host >= FreshHostCount)
        {
            throw new InvalidOperationException($"All {FreshHostCount} fresh hosts are used; the run needs fewer operations or more hosts.");
        }

        return SendAsync(Dane, new Uri($"https://h{host}.example:{Port}/"), close: true);
    }

    public Task PlainPooledAsync() => SendAsync(Plain, _uri, close: false);

    public Task DanePooledAsync() => SendAsync(Dane, _uri, close: false);

    public async ValueTask DisposeAsync()
    {
        Plain.Dispose();
        Dane.Dispose();
        PlainCustomRoot.Dispose();
        DanePkix.Dispose();
        await _server.StopAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        await _stub.DisposeAsync().ConfigureAwait(false);
        await _plainStub.DisposeAsync().ConfigureAwait(false);
        await _hierarchy.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
        _ca.Dispose();
    }

    private static async Task<IPAddress> ResolvePlainAsync(StubResolver stub, string host, CancellationToken cancellationToken)
    {
        DomainName name = DomainName.Parse(host);
        ValueTask<LookupResult> a = stub.LookupAsync(name, RecordType.A, cancellationToken: cancellationToken);
        ValueTask<LookupResult> aaaa = stub.LookupAsync(name, RecordType.AAAA, cancellationToken: cancellationToken);
        LookupResult v4 = await a.ConfigureAwait(false);
        await aaaa.ConfigureAwait(false);
        return v4.Response?.Answers.Select(r => r.Data).OfType<ARdata>().FirstOrDefault()?.Address
            ?? throw new InvalidOperationException($"{host} has no A record.");
    }

    private static async Task SendAsync(HttpClient client, Uri uri, bool close)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (close)
        {
            // The connection ends with this response: the next operation opens a new one.
            request.Headers.ConnectionClose = true;
        }

        using HttpResponseMessage response = await client.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{uri} answered {response.StatusCode}.");
        }
    }

    private static async Task<WebApplication> StartServerAsync(X509Certificate2 certificate)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        WebApplication app = builder.Build();
        app.MapGet("/", () => "hello");
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    /// <summary>A private CA and the server's certificate issued by it (names www.example, pkix.example and 127.0.0.1;
    /// the TLSA 3 1 1 records match its key).</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Leaf) CreateCertificates()
    {
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddDays(-1), notAfter = DateTimeOffset.UtcNow.AddDays(30);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Benchmark CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        X509Certificate2 ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=www.example", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("www.example");
        san.AddDnsName("pkix.example");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 issued = request.Create(ca, notBefore, notAfter, [1, 2, 3, 4, 5, 6, 7, 8]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return (ca, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }
}
