using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneHttp;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace DaneHttp.Tests;

/// <summary>The whole stack: a private signed DNS tree from Dns.Secure.Testing, a real Kestrel HTTPS server, AddDaneHttpClient.</summary>
public class DaneHttpClientEndToEndTests
{
    private static async Task<(ServiceProvider Services, StubResolver Stub)> CreateServicesAsync(TestHierarchy hierarchy, Action<DaneOptions>? configure = null)
    {
        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(hierarchy.EndPoint));
        var stub = new StubResolver(stubOptions);
        var anchors = hierarchy.TrustAnchorStore;
        var services = new ServiceCollection();
        services.AddSingleton(new ValidatingResolver(new StubDataSource(stub), anchors));
        services.AddDaneHttpClient("dane", configure);
        await Task.CompletedTask;
        return (services.BuildServiceProvider(validateScopes: true), stub);
    }

    [Fact]
    public async Task DaneEe_MatchingCertificate_IsAcceptedAndTheResultIsOnTheResponse()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        var (services, stub) = await CreateServicesAsync(hierarchy);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        using HttpResponseMessage response = await client.GetAsync($"https://www.example:{server.Port}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        DaneConnectionResult? result = response.GetDaneResult();
        Assert.NotNull(result);
        Assert.True(result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneEe, result.Decision.Verification!.MatchedUsage);
    }

    [Fact]
    public async Task WrongCertificate_IsRefusedWithTheRecordsThatWereTried()
    {
        using X509Certificate2 published = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 presented = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(presented);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
        var (services, stub) = await CreateServicesAsync(hierarchy, o => o.Policy = DanePolicy.Opportunistic);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://www.example:{server.Port}/"));
        var dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
        Assert.Contains("3 1 1", dane.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BogusZone_IsRefusedEvenWhenOpportunistic()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);
        var (services, stub) = await CreateServicesAsync(hierarchy, o => o.Policy = DanePolicy.Opportunistic);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://www.example:{server.Port}/"));
        var dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(TlsaLookupOutcome.Bogus, dane.Result!.Decision.Lookup);
    }

    [Fact]
    public async Task StrippedSignatures_AreNotMistakenForAnUnsignedZone()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.DropSignatures);
        var (services, stub) = await CreateServicesAsync(hierarchy, o => o.Policy = DanePolicy.Opportunistic);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"https://www.example:{server.Port}/"));
        Assert.NotNull(FindInner<DaneAuthenticationException>(e));
    }

    [Fact]
    public async Task TwoPortsOneHost_EachPortIsCheckedAgainstItsOwnTlsa()
    {
        using X509Certificate2 certA = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 certB = TestCertificates.SelfSigned("www.example");
        await using var a = await KestrelHttpsServer.StartAsync(certA);
        await using var b = await KestrelHttpsServer.StartAsync(certB);
        // Port A publishes A's key; port B publishes A's key too, but presents B's certificate.
        await using var hierarchy = await TestHierarchy.CreateAsync(h => h.AddZone("example.").WithTlsa(a.Port, certA, "www").WithTlsa(b.Port, certA, "www"));
        var (services, stub) = await CreateServicesAsync(hierarchy);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        Assert.Contains($"port {a.Port}", await client.GetStringAsync($"https://www.example:{a.Port}/"));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync($"https://www.example:{b.Port}/"));
    }

    [Fact]
    public async Task ThousandParallelRequests_ToOneHost_CauseOneTlsaQuery()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        // At most 32 connections at once: 1,000 simultaneous TLS handshakes would only measure the machine.
        var (services, stub) = await CreateServicesAsync(hierarchy, o => o.MaxConnectionsPerServer = 32);
        await using var _ = services;
        await using var __ = stub;
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

        string[] bodies = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => client.GetStringAsync($"https://www.example:{server.Port}/")));
        Assert.All(bodies, b => Assert.Contains($"port {server.Port}", b));
        // Many connections were opened at once (HTTP/1.1), and all of them shared one TLSA query.
        Assert.True(server.ConnectionCount <= 32, $"{server.ConnectionCount} connections were opened");
        Assert.True(server.ConnectionCount > 1, $"only {server.ConnectionCount} connection(s) were opened");
        Assert.Equal(1, hierarchy.Server.Queries.Count(DomainName.Parse($"_{server.Port}._tcp.www.example."), RecordType.TLSA));
    }

    [Fact]
    public async Task TlsaRollover_NewConnectionAfterTheTtlIsRefused_PooledOneWithinTheTtlKeepsWorking()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 next = TestCertificates.SelfSigned("www.example");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTtl(2).WithTlsa(server.Port, cert, "www"));
        var services = new ServiceCollection();
        void Configure(DaneOptions o)
        {
            o.Servers.Add(hierarchy.EndPoint.ToString());
            foreach (ResourceRecord anchor in hierarchy.TrustAnchors)
            {
                o.TrustAnchors.Add(anchor.ToString());
            }
        }

        services.AddDaneHttpClient("pooled", Configure);
        services.AddDaneHttpClient("fresh", Configure);
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        string url = $"https://www.example:{server.Port}/";
        await factory.CreateClient("pooled").GetStringAsync(url);

        // The zone now publishes only the next key: the served certificate no longer matches.
        byte[] nextKey = System.Security.Cryptography.SHA256.HashData(next.PublicKey.ExportSubjectPublicKeyInfo());
        HierarchyEdits.ReplaceTlsa(hierarchy, "example.", $"_{server.Port}._tcp.www.example.",
            new DnsSecure.Records.TlsaRdata(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, nextKey));

        // Within the TTL the pooled connection is still trusted and reused.
        await factory.CreateClient("pooled").GetStringAsync(url);
        Assert.Equal(1, server.ConnectionCount);

        // After the TTL a new connection sees the new TLSA and is refused. The validating resolver keeps answers at
        // least 5 s (its minimum cache TTL), so the 2 s TTL takes effect after 5 s.
        await Task.Delay(TimeSpan.FromSeconds(5.5));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => factory.CreateClient("fresh").GetStringAsync(url));
        var dane = FindInner<DaneAuthenticationException>(e);
        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
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
