using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneHttp.Http;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaneHttp.Tests;

/// <summary>
/// Redirects across hosts, the CONNECT proxy, HTTP/2 and an Indeterminate TLSA lookup through the real DANE path: a private
/// signed tree from Dns.Secure.Testing, TLSA records, the validating resolver built from <see cref="DaneOptions"/>, Kestrel.
/// </summary>
public class DaneHttpClientRealDnsTests
{
    [Fact]
    public async Task RedirectToAnotherHost_IsAuthenticatedByThatHostsOwnTlsa()
    {
        using X509Certificate2 wwwCert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 apiCert = TestCertificates.SelfSigned("api.example");
        await using var api = await KestrelHttpsServer.StartAsync(apiCert);
        await using var www = await KestrelHttpsServer.StartAsync(wwwCert, app => app.MapGet("/", () => Results.Redirect($"https://api.example:{api.Port}/")));
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(www.Port, wwwCert, "www").WithTlsa(api.Port, apiCert, "api"));
        await using ServiceProvider services = CreateServices(hierarchy);

        using HttpResponseMessage response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{www.Port}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"port {api.Port}", await response.Content.ReadAsStringAsync());
        Assert.Equal($"https://api.example:{api.Port}/", response.RequestMessage!.RequestUri!.ToString());
        DaneConnectionResult? result = response.GetDaneResult();
        Assert.NotNull(result);
        Assert.True(result.IsAuthenticatedByDane);
        Assert.Equal(DomainName.Parse("api.example."), result.Target.Host);
        Assert.Equal(api.Port, result.Target.Port);
        // Each host was checked on its own TLSA (more than one query only when a UDP answer was lost and retried).
        Assert.True(hierarchy.Server.Queries.Count(DomainName.Parse($"_{www.Port}._tcp.www.example."), RecordType.TLSA) >= 1);
        Assert.True(hierarchy.Server.Queries.Count(DomainName.Parse($"_{api.Port}._tcp.api.example."), RecordType.TLSA) >= 1);
    }

    [Fact]
    public async Task RedirectToAHostWhoseTlsaDoesNotMatch_IsRefusedAndTheExceptionNamesThatHost()
    {
        using X509Certificate2 wwwCert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 badCert = TestCertificates.SelfSigned("bad.example");
        using X509Certificate2 published = TestCertificates.SelfSigned("bad.example");
        await using var bad = await KestrelHttpsServer.StartAsync(badCert);
        await using var www = await KestrelHttpsServer.StartAsync(wwwCert, app => app.MapGet("/", () => Results.Redirect($"https://bad.example:{bad.Port}/")));
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(www.Port, wwwCert, "www").WithTlsa(bad.Port, published, "bad"));
        await using ServiceProvider services = CreateServices(hierarchy);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{www.Port}/"));

        DaneAuthenticationException? dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
        Assert.Equal(DomainName.Parse("bad.example."), dane.Result.Target.Host);
        Assert.Equal(bad.Port, dane.Result.Target.Port);
        Assert.Contains($"bad.example:{bad.Port}", dane.Message, StringComparison.Ordinal);
        Assert.Contains("3 1 1", dane.Message, StringComparison.Ordinal);
        Assert.Equal(1, www.ConnectionCount);
    }

    [Fact]
    public async Task ThroughConnectProxy_TheOriginsTlsaAuthenticatesTheTunnelledSession()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var origin = await KestrelHttpsServer.StartAsync(cert);
        await using var proxy = new LoopbackConnectProxy();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(origin.Port, cert, "www"));
        await using ServiceProvider services = CreateServices(hierarchy, o => o.Proxy = proxy.Address);

        using HttpResponseMessage response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{origin.Port}/");

        Assert.Contains($"port {origin.Port}", await response.Content.ReadAsStringAsync());
        Assert.Equal([$"www.example:{origin.Port}"], proxy.ConnectTargets);
        DaneConnectionResult? result = response.GetDaneResult();
        Assert.NotNull(result);
        Assert.True(result.IsAuthenticatedByDane);
        Assert.Equal(origin.Port, result.Target.Port);
    }

    [Fact]
    public async Task ThroughConnectProxy_AProxyPresentingItsOwnCertificateIsRefused()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 proxyCert = TestCertificates.SelfSigned("www.example");
        await using var origin = await KestrelHttpsServer.StartAsync(cert);
        await using var interceptor = await KestrelHttpsServer.StartAsync(proxyCert);
        // The proxy answers CONNECT for the origin but tunnels to its own TLS server, as an intercepting proxy does.
        await using var proxy = new LoopbackConnectProxy(divertToPort: interceptor.Port);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(origin.Port, cert, "www"));
        await using ServiceProvider services = CreateServices(hierarchy, o => o.Proxy = proxy.Address);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{origin.Port}/"));

        Assert.Equal([$"www.example:{origin.Port}"], proxy.ConnectTargets);
        DaneAuthenticationException? dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
        Assert.Equal(origin.Port, dane.Result.Target.Port);
        // The refused session was the interceptor's; the origin was never reached.
        Assert.Equal(0, origin.ConnectionCount);
    }

    [Fact]
    public async Task Http2_IsNegotiatedOnADaneAuthenticatedConnection()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        await using ServiceProvider services = CreateServices(hierarchy);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://www.example:{server.Port}/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("HTTP/2", await response.Content.ReadAsStringAsync());
        DaneConnectionResult? result = response.GetDaneResult();
        Assert.NotNull(result);
        Assert.True(result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneEe, result.Decision.Verification!.MatchedUsage);
    }

    [Fact]
    public async Task IndeterminateTlsa_UpstreamStopsAnswering_IsRefusedWithTheDaneException()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        var owner = DomainName.Parse($"_{server.Port}._tcp.www.example.");
        hierarchy.Server.Faults.AddForName(owner, Fault.NoAnswer, RecordType.TLSA);
        await using ServiceProvider services = CreateServices(hierarchy, o =>
        {
            o.Policy = DanePolicy.Opportunistic;
            o.DnsTimeout = TimeSpan.FromMilliseconds(300);
        });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{server.Port}/"));

        DaneAuthenticationException? dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(TlsaLookupOutcome.Indeterminate, dane.Result!.Target.Tlsa.Outcome);
        Assert.Equal(DaneDecision.Reject, dane.Result.Decision.Decision);
        Assert.Contains("Indeterminate", dane.Message, StringComparison.Ordinal);
        Assert.True(hierarchy.Server.Queries.Count(owner, RecordType.TLSA) >= 1);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task IndeterminateTlsa_NeverFallsBackToPkix_EvenWhenPkixWouldAccept()
    {
        // Both servers present certificates that PKIX accepts (their own roots are trusted). www publishes no TLSA; api does,
        // but its TLSA question is never answered. (A TLSA RRset that exists cannot be denied by any NSEC the resolver has
        // cached, so RFC 8198 cannot turn the unanswered question into a proven absence.)
        using X509Certificate2 wwwCert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 apiCert = TestCertificates.SelfSigned("api.example");
        await using var www = await KestrelHttpsServer.StartAsync(wwwCert);
        await using var api = await KestrelHttpsServer.StartAsync(apiCert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithAddress(IPAddress.Loopback, "www").WithAddress(IPAddress.Loopback, "api")
            .WithTlsa(api.Port, apiCert, "api"));
        var apiOwner = DomainName.Parse($"_{api.Port}._tcp.api.example.");
        hierarchy.Server.Faults.AddForName(apiOwner, Fault.NoAnswer, RecordType.TLSA);
        var stubOptions = new StubResolverOptions { Timeout = TimeSpan.FromMilliseconds(300), Attempts = 1 };
        stubOptions.Servers.Add(new NameServer(hierarchy.EndPoint));
        await using var stub = new StubResolver(stubOptions);
        var resolver = new ValidatingResolver(new StubDataSource(stub), hierarchy.TrustAnchorStore);
        var tls = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = ImmutableArray.Create(wwwCert, apiCert) };
        var authenticator = new DaneEndpointAuthenticator(new DaneTargetResolver(resolver), tls, TimeSpan.FromHours(1), TimeProvider.System);
        using var client = new HttpClient(new DaneTransportHandler(authenticator, new DaneHttpTransportSettings()));

        // Control: a proven absence of TLSA lets the opportunistic policy use PKIX.
        using HttpResponseMessage accepted = await client.GetAsync($"https://www.example:{www.Port}/");
        DaneConnectionResult? pkix = accepted.GetDaneResult();
        Assert.NotNull(pkix);
        Assert.True(pkix.IsAccepted);
        Assert.False(pkix.IsAuthenticatedByDane);
        Assert.Equal(TlsaLookupOutcome.SecureAbsent, pkix.Target.Tlsa.Outcome);

        // An unanswered TLSA question is not an absence: no PKIX fallback.
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://api.example:{api.Port}/"));
        DaneAuthenticationException? dane = Assert.IsType<DaneAuthenticationException>(e.InnerException);
        Assert.Equal(TlsaLookupOutcome.Indeterminate, dane.Result!.Target.Tlsa.Outcome);
        Assert.Contains("Indeterminate", dane.Message, StringComparison.Ordinal);
        Assert.Equal(0, api.ConnectionCount);
    }

    [Fact]
    public async Task DaneTaAnchorSentWithAiaOnIt_IsAcceptedWithoutFetchingAnIssuer()
    {
        // TLSA 2 1 1 names the intermediate the server sends; the intermediate names its own issuer by an AIA URL. The
        // DANE decision needs nothing above the anchor, and the handler's chain build downloads nothing (DaneChainPolicy).
        await using var aia = new CountingAiaServer();
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Aia Root");
        aia.Serve(root);
        using X509Certificate2 intermediate = TestCertificates.IssueWithAia("CN=Aia Intermediate", root, aia.Url, dnsName: null);
        using X509Certificate2 leaf = TestCertificates.IssueWithAia("CN=www.example", intermediate, aiaUrl: null, dnsName: "www.example");
        await using var www = await KestrelHttpsServer.StartAsync(leaf, chain: [intermediate]);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(www.Port, intermediate, "www", usage: TlsaCertificateUsage.DaneTa));
        await using ServiceProvider services = CreateServices(hierarchy);

        using HttpResponseMessage response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{www.Port}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        DaneConnectionResult? result = response.GetDaneResult();
        Assert.NotNull(result);
        Assert.True(result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneTa, result.Decision.Verification!.MatchedUsage);
        Assert.Equal(0, aia.Requests);
    }

    [Fact]
    public async Task DaneTaAnchorOnlyReachableByAia_IsRefusedWithoutFetchingIt()
    {
        // RFC 7671 §5.2.2: with a digest DANE-TA record the server must send the anchor. Here only the leaf is sent and it
        // names the anchor by an AIA URL: the client neither fetches it nor accepts the connection.
        await using var aia = new CountingAiaServer();
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Aia Root");
        using X509Certificate2 intermediate = TestCertificates.IssueWithAia("CN=Aia Intermediate", root, aiaUrl: null, dnsName: null);
        aia.Serve(intermediate);
        using X509Certificate2 leaf = TestCertificates.IssueWithAia("CN=www.example", intermediate, aia.Url, dnsName: "www.example");
        await using var www = await KestrelHttpsServer.StartAsync(leaf, chain: []);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(www.Port, intermediate, "www", usage: TlsaCertificateUsage.DaneTa));
        await using ServiceProvider services = CreateServices(hierarchy);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{www.Port}/"));

        DaneAuthenticationException? dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
        Assert.Equal(0, aia.Requests);
    }

    private static ServiceProvider CreateServices(TestHierarchy hierarchy, Action<DaneOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddDaneHttpClient("dane", o =>
        {
            o.Servers.Add(hierarchy.EndPoint.ToString());
            foreach (ResourceRecord anchor in hierarchy.TrustAnchors)
            {
                o.TrustAnchors.Add(anchor.ToString());
            }

            configure?.Invoke(o);
        });
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }
}
