using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DnsSecure;
using DnsSecure.Testing.Hierarchy;
using Microsoft.Extensions.DependencyInjection;

namespace DaneHttp.Tests;

/// <summary>A DANE HttpClient against a real nginx (Debian package nginx) whose TLSA is published in a private signed tree.</summary>
public class NginxInteropTests
{
    [Fact]
    public async Task Nginx_WithMatchingTlsa_IsAuthenticatedByDane()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using NginxServer nginx = await NginxServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(nginx.Port, cert, "www"));
        await using ServiceProvider services = CreateServices(hierarchy);

        using HttpResponseMessage response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{nginx.Port}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NginxServer.Body, (await response.Content.ReadAsStringAsync()).TrimEnd());
        Assert.True(response.GetDaneResult()?.IsAuthenticatedByDane);
    }

    [Fact]
    public async Task Nginx_WithMismatchedTlsa_IsRefused()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 published = TestCertificates.SelfSigned("www.example");
        await using NginxServer nginx = await NginxServer.StartAsync(cert);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(nginx.Port, published, "www"));
        await using ServiceProvider services = CreateServices(hierarchy);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync($"https://www.example:{nginx.Port}/"));
        DaneAuthenticationException? dane = null;
        for (Exception? x = e; x is not null && dane is null; x = x.InnerException)
        {
            dane = x as DaneAuthenticationException;
        }

        Assert.NotNull(dane);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
    }

    private static ServiceProvider CreateServices(TestHierarchy hierarchy)
    {
        var services = new ServiceCollection();
        services.AddDaneHttpClient("dane", o =>
        {
            o.Servers.Add(hierarchy.EndPoint.ToString());
            foreach (ResourceRecord anchor in hierarchy.TrustAnchors)
            {
                o.TrustAnchors.Add(anchor.ToString());
            }
        });
        return services.BuildServiceProvider(validateScopes: true);
    }
}
