using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DnsSecure.Testing.Hierarchy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaneHttp.Tests.DependencyInjection;

/// <summary>The registration surface: configuration binding, validation at host start, typed and named clients, chained handlers, logging.</summary>
public class DaneServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDane_FromConfigurationSection_BindsScalarsAndArrays()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dane:Policy"] = "Opportunistic",
            ["Dane:Servers:0"] = "127.0.0.1:5353",
            ["Dane:Servers:1"] = "[::1]:53",
            ["Dane:TrustAnchors:0"] = ". 3600 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
            ["Dane:DnsTimeout"] = "00:00:02",
            ["Dane:RequireSecureAddresses"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddDane(configuration.GetSection("Dane"));
        using ServiceProvider provider = services.BuildServiceProvider();

        DaneOptions options = provider.GetRequiredService<IOptions<DaneOptions>>().Value;
        Assert.Equal(DanePolicy.Opportunistic, options.Policy);
        Assert.Equal(["127.0.0.1:5353", "[::1]:53"], options.Servers);
        Assert.Single(options.TrustAnchors);
        Assert.Equal(TimeSpan.FromSeconds(2), options.DnsTimeout);
        Assert.True(options.RequireSecureAddresses);
    }

    [Theory]
    [InlineData("Dane:Servers:0", "not-an-ip", "'not-an-ip' is not an IP address")]
    [InlineData("Dane:TrustAnchors:0", "example. IN DS 1 2 3 zz", "is not a DS or DNSKEY record")]
    [InlineData("Dane:MaxConnectionsPerServer", "0", "MaxConnectionsPerServer must be at least 1")]
    public async Task HostStart_InvalidOptions_FailsWithTheValidatorsMessage(string key, string value, string expected)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddDane(builder.Configuration.GetSection("Dane"));
        using IHost host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedClient_IsServedByTheDaneTransport()
    {
        await using Origin origin = await Origin.StartAsync();
        var services = new ServiceCollection();
        services.AddDaneHttpClient<TypedClient>(origin.Configure);
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        using HttpResponseMessage response = await provider.GetRequiredService<TypedClient>().Http.GetAsync(origin.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.GetDaneResult()?.IsAuthenticatedByDane);
    }

    [Fact]
    public async Task HandlerChainedAfterAddDaneValidation_RunsBeforeTheDaneTransport()
    {
        await using Origin origin = await Origin.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddDaneHttpClient("dane", origin.Configure).AddHttpMessageHandler(() => counter);
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);

        using HttpResponseMessage response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("dane").GetAsync(origin.Url);
        Assert.Equal(1, counter.Requests);
        Assert.True(response.GetDaneResult()?.IsAuthenticatedByDane);
    }

    [Fact]
    public async Task AddDaneValidation_OnAnExistingNamedClient_KeepsItsSettingsAndRefusesAMismatch()
    {
        await using Origin origin = await Origin.StartAsync(publishOtherKey: true);
        var services = new ServiceCollection();
        services.AddDane(origin.Configure);
        services.AddHttpClient("existing", c => c.DefaultRequestHeaders.Add("X-Test", "1")).AddDaneValidation();
        await using ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("existing");

        Assert.True(client.DefaultRequestHeaders.Contains("X-Test"));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(origin.Url));
        Assert.NotNull(FindInner<DaneSockets.Tls.DaneAuthenticationException>(e));
    }

    [Fact]
    public async Task Logging_FromTheContainer_RecordsAcceptAtInformationAndRefusalAtWarning()
    {
        await using Origin good = await Origin.StartAsync();
        await using Origin bad = await Origin.StartAsync(publishOtherKey: true);
        var sink = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        services.AddDaneHttpClient("good", good.Configure);
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            (await provider.GetRequiredService<IHttpClientFactory>().CreateClient("good").GetAsync(good.Url)).Dispose();
        }

        var badServices = new ServiceCollection();
        badServices.AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        badServices.AddDaneHttpClient("bad", bad.Configure);
        using (ServiceProvider provider = badServices.BuildServiceProvider())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("bad").GetAsync(bad.Url));
        }

        Assert.Contains(sink.Entries, e => e.Category == "Dane.Http" && e.Level == LogLevel.Debug && e.Message.StartsWith("TLSA lookup for www.example:", StringComparison.Ordinal));
        Assert.Contains(sink.Entries, e => e.Level == LogLevel.Information && e.Message.Contains($"DANE authenticated www.example:{good.Port}", StringComparison.Ordinal));
        Assert.Contains(sink.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"Refused www.example:{bad.Port}", StringComparison.Ordinal));
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

    /// <summary>A Kestrel origin at www.example with its TLSA in a private signed tree; options point the resolver at it.</summary>
    private sealed class Origin : IAsyncDisposable
    {
        private readonly X509Certificate2 _certificate;
        private readonly X509Certificate2 _published;
        private readonly KestrelHttpsServer _server;
        private readonly TestHierarchy _hierarchy;

        private Origin(X509Certificate2 certificate, X509Certificate2 published, KestrelHttpsServer server, TestHierarchy hierarchy)
        {
            _certificate = certificate;
            _published = published;
            _server = server;
            _hierarchy = hierarchy;
        }

        public int Port => _server.Port;

        public string Url => $"https://www.example:{_server.Port}/";

        public static async Task<Origin> StartAsync(bool publishOtherKey = false)
        {
            X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
            X509Certificate2 published = publishOtherKey ? TestCertificates.SelfSigned("www.example") : certificate;
            KestrelHttpsServer server = await KestrelHttpsServer.StartAsync(certificate);
            TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
            return new Origin(certificate, published, server, hierarchy);
        }

        public void Configure(DaneOptions options)
        {
            options.Servers.Add(_hierarchy.EndPoint.ToString());
            foreach (var anchor in _hierarchy.TrustAnchors)
            {
                options.TrustAnchors.Add(anchor.ToString());
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _hierarchy.DisposeAsync();
            await _server.DisposeAsync();
            if (!ReferenceEquals(_published, _certificate))
            {
                _published.Dispose();
            }

            _certificate.Dispose();
        }
    }

    private sealed class TypedClient(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
