using System.Net;
using System.Security.Authentication;
using DaneHttp.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaneHttp.Tests;

public class DaneTransportHandlerTests
{
    private static HttpClient CreateClient(IEndpointAuthenticator connector, DaneHttpTransportSettings? settings = null) =>
        new(new DaneTransportHandler(connector, settings ?? new DaneHttpTransportSettings()));

    [Fact]
    public async Task TwoPortsOneHost_EachConnectionIsAuthenticatedForItsOwnPort()
    {
        using var certA = TestCertificates.SelfSigned("localhost");
        using var certB = TestCertificates.SelfSigned("localhost");
        await using var a = await KestrelHttpsServer.StartAsync(certA);
        await using var b = await KestrelHttpsServer.StartAsync(certB);
        var right = new PinnedCertificateAuthenticator((_, port) => port == a.Port ? certA.Thumbprint : certB.Thumbprint, TimeSpan.FromHours(1));
        using HttpClient client = CreateClient(right);
        Assert.Contains($"port {a.Port}", await client.GetStringAsync($"https://localhost:{a.Port}/"));
        Assert.Contains($"port {b.Port}", await client.GetStringAsync($"https://localhost:{b.Port}/"));

        // Swapped expectations: the certificate of the other port must not be accepted.
        var swapped = new PinnedCertificateAuthenticator((_, port) => port == a.Port ? certB.Thumbprint : certA.Thumbprint, TimeSpan.FromHours(1));
        using HttpClient wrong = CreateClient(swapped);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => wrong.GetStringAsync($"https://localhost:{a.Port}/"));
        Assert.IsType<AuthenticationException>(e.InnerException);
    }

    [Fact]
    public async Task Http2_IsNegotiatedWithAlpnAndUsed()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        using HttpClient client = CreateClient(new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromHours(1)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{server.Port}/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("HTTP/2", await response.Content.ReadAsStringAsync());
        Assert.Equal($"https://localhost:{server.Port}/", response.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task PooledRequests_ReuseOneAuthenticatedConnection()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var connector = new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromHours(1));
        using HttpClient client = CreateClient(connector);
        for (int i = 0; i < 5; i++)
        {
            await client.GetStringAsync($"https://localhost:{server.Port}/");
        }

        Assert.Equal(1, connector.Connects);
    }

    [Fact]
    public async Task NewConnectionsWithinTheTtl_ReuseTheEndpointsTrustData_AndAreEachAuthenticated()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var connector = new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromHours(1));
        using HttpClient client = CreateClient(connector);
        for (int i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{server.Port}/");
            request.Headers.ConnectionClose = true;
            (await client.SendAsync(request)).Dispose();
        }

        Assert.Equal(3, connector.Connects);
        Assert.Equal(1, connector.Lookups);
        // Every connection's certificate was checked, also when the TLS session could have been resumed.
        Assert.Equal(3, connector.Verifications);
    }

    [Fact]
    public async Task ConnectionOutlivingItsTlsaTtl_IsReplacedByANewAuthenticatedOne()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var connector = new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromSeconds(2));
        using HttpClient client = CreateClient(connector);
        await client.GetStringAsync($"https://localhost:{server.Port}/");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await client.GetStringAsync($"https://localhost:{server.Port}/");
        Assert.Equal(2, connector.Connects);
        // Data with less than a few seconds left is not reused: the new connection looked it up again.
        Assert.Equal(2, connector.Lookups);
    }

    [Fact]
    public async Task RedirectToAnotherPort_AuthenticatesTheNewEndpointOnItsOwn()
    {
        using var certA = TestCertificates.SelfSigned("localhost");
        using var certB = TestCertificates.SelfSigned("localhost");
        await using var b = await KestrelHttpsServer.StartAsync(certB);
        await using var a = await KestrelHttpsServer.StartAsync(certA, app => app.MapGet("/", () => Results.Redirect($"https://localhost:{b.Port}/")));
        var connector = new PinnedCertificateAuthenticator((_, port) => port == a.Port ? certA.Thumbprint : certB.Thumbprint, TimeSpan.FromHours(1));
        using HttpClient client = CreateClient(connector);
        using HttpResponseMessage response = await client.GetAsync($"https://localhost:{a.Port}/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"port {b.Port}", await response.Content.ReadAsStringAsync());
        Assert.Equal([("localhost", a.Port), ("localhost", b.Port)], connector.Endpoints);
        Assert.Equal($"https://localhost:{b.Port}/", response.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task ManyEndpoints_IdleOnesAreDropped_AtMostOncePerIdleTimeout()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var clock = new ManualClock();
        var handler = new DaneTransportHandler(
            new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromHours(1)),
            new DaneHttpTransportSettings { MaxEndpoints = 2, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1), TimeProvider = clock });
        using var client = new HttpClient(handler);
        // Every host name reaches the one loopback server (the test authenticator connects to 127.0.0.1).
        Task Get(string host) => client.GetStringAsync($"https://{host}:{server.Port}/");

        await Get("a.test");
        clock.Advance(TimeSpan.FromMinutes(1.5));
        await Get("b.test");

        // At the limit: a has been idle for more than two idle timeouts and is dropped; b has not.
        clock.Advance(TimeSpan.FromMinutes(1.5));
        await Get("c.test");
        Assert.Equal(2, handler.EndpointCount);

        // b is now idle long enough too, but the last scan was less than one idle timeout ago: no scan.
        clock.Advance(TimeSpan.FromMinutes(0.75));
        await Get("d.test");
        Assert.Equal(3, handler.EndpointCount);

        // One idle timeout after the last scan, the next new endpoint scans again and drops b.
        clock.Advance(TimeSpan.FromMinutes(0.75));
        await Get("e.test");
        Assert.Equal(3, handler.EndpointCount);
    }

    [Fact]
    public async Task PlainHttp_IsRefused()
    {
        using HttpClient client = CreateClient(new PinnedCertificateAuthenticator((_, _) => null, TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("http://localhost:1/"));
    }
}

public class DaneTransportHandlerProxyTests
{
    [Fact]
    public async Task ThroughConnectProxy_TlsToTheOriginIsAuthenticatedForTheOrigin()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        using var other = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        await using var proxy = new LoopbackConnectProxy();
        var settings = new DaneHttpTransportSettings { Proxy = proxy.Address };

        using (var client = new HttpClient(new DaneTransportHandler(new PinnedCertificateAuthenticator((_, _) => cert.Thumbprint, TimeSpan.FromHours(1)), settings)))
        {
            Assert.Contains($"port {server.Port}", await client.GetStringAsync($"https://localhost:{server.Port}/"));
        }

        Assert.Equal([$"localhost:{server.Port}"], proxy.ConnectTargets);

        using var refused = new HttpClient(new DaneTransportHandler(new PinnedCertificateAuthenticator((_, _) => other.Thumbprint, TimeSpan.FromHours(1)), settings));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetStringAsync($"https://localhost:{server.Port}/"));
        Assert.IsAssignableFrom<System.Security.Authentication.AuthenticationException>(e.InnerException);
    }

    [Fact]
    public async Task NewEndpoint_TcpConnectRunsWhileTheTlsaLookupRuns_AndTheHandshakeStartsAfterItsAnswer()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var gated = new GatedTrustAuthenticator((host, port) => new EndpointTrust(host, port, DateTimeOffset.UtcNow.AddHours(1), cert.Thumbprint));
        using var client = new HttpClient(new DaneTransportHandler(gated, new DaneHttpTransportSettings()));

        string body = await client.GetStringAsync($"https://localhost:{server.Port}/").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains($"port {server.Port}", body);
        Assert.Equal(["lookup started", "connected", "lookup answered", "tls started", "verified"], gated.Events);
    }

    [Fact]
    public async Task NewEndpoint_TlsaLookupRefusesAfterTheConnect_NoHandshakeAndTheDnsReasonSurfaces()
    {
        using var cert = TestCertificates.SelfSigned("localhost");
        await using var server = await KestrelHttpsServer.StartAsync(cert);
        var refusal = new AuthenticationException("TLSA lookup refused: Bogus");
        var gated = new GatedTrustAuthenticator((_, _) => throw refusal);
        using var client = new HttpClient(new DaneTransportHandler(gated, new DaneHttpTransportSettings()));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync($"https://localhost:{server.Port}/").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains(refusal, Chain(e));
        Assert.DoesNotContain("verified", gated.Events);
        Assert.DoesNotContain("tls started", gated.Events);
        Assert.Equal(0, server.ConnectionCount);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}
