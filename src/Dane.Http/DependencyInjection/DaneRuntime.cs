using System.Net;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Resolution;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaneHttp.DependencyInjection;

/// <summary>The per-container DANE services: one resolver and one cache, shared by every DANE HttpClient.</summary>
internal sealed class DaneRuntime
{
    public DaneRuntime(IOptions<DaneOptions> options, IServiceProvider services, TimeProvider? timeProvider = null)
    {
        DaneOptions o = options.Value;
        Time = timeProvider ?? TimeProvider.System;
        ValidatingResolver resolver = (ValidatingResolver?)services.GetService(typeof(ValidatingResolver)) ?? CreateResolver(o, Time);
        Targets = new DaneTargetResolver(resolver);
        Tls = new DaneTlsOptions
        {
            Policy = o.Policy,
            RequireSecureAddresses = o.RequireSecureAddresses,
            CheckDaneEeNames = o.CheckDaneEeNames,
            ConnectTimeout = o.ConnectTimeout,
            TimeProvider = Time,
        };
        Options = o;
        // ILoggerFactory is optional: without logging registered, the DANE client logs nothing.
        Logger = ((ILoggerFactory?)services.GetService(typeof(ILoggerFactory)) ?? NullLoggerFactory.Instance).CreateLogger(DaneHttpMetrics.Name);
        Metrics = new DaneHttpMetrics((System.Diagnostics.Metrics.IMeterFactory?)services.GetService(typeof(System.Diagnostics.Metrics.IMeterFactory)));
    }

    public DaneTargetResolver Targets { get; }

    public DaneTlsOptions Tls { get; }

    public DaneOptions Options { get; }

    public TimeProvider Time { get; }

    public DaneHttpMetrics Metrics { get; }

    public ILogger Logger { get; }

    public Http.DaneTransportHandler CreateHandler() =>
        new(new Http.DaneEndpointAuthenticator(Targets, Tls, Options.MaxConnectionLifetime, Time, Metrics, Logger), new Http.DaneHttpTransportSettings
        {
            Proxy = Options.Proxy,
            MaxConnectionLifetime = Options.MaxConnectionLifetime,
            MaxConnectionsPerServer = Options.MaxConnectionsPerServer,
            TimeProvider = Time,
        });

    private static ValidatingResolver CreateResolver(DaneOptions o, TimeProvider time)
    {
        var stubOptions = new StubResolverOptions { Timeout = o.DnsTimeout, CacheMaxEntries = o.CacheSize };
        foreach (string server in o.Servers)
        {
            IPEndPoint endpoint = IPEndPoint.Parse(server);
            if (endpoint.Port == 0)
            {
                endpoint.Port = NameServer.DnsPort;
            }

            stubOptions.Servers.Add(new NameServer(endpoint));
        }

        var stub = new StubResolver(stubOptions, timeProvider: time);
        var anchors = new List<TrustAnchor>();
        foreach (string text in o.TrustAnchors)
        {
            anchors.AddRange(TrustAnchorLoader.ParsePresentation(text));
        }

        if (o.TrustAnchorFile is { } file)
        {
            string content = File.ReadAllText(file);
            if (content.TrimStart().StartsWith('<'))
            {
                anchors.Add(TrustAnchorLoader.ParseIanaXml(content, time.GetUtcNow()) ?? throw new InvalidOperationException($"{file} holds no valid anchor."));
            }
            else
            {
                anchors.AddRange(TrustAnchorLoader.ParsePresentation(content));
            }
        }

        TrustAnchorStore store = anchors.Count == 0 ? TrustAnchorStore.Default : TrustAnchorStore.Create(anchors);
        return new ValidatingResolver(new StubDataSource(stub), store, new ValidatingResolverOptions { MaxCacheEntries = o.CacheSize }, time);
    }
}
