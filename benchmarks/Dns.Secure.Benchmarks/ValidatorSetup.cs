using System.Net;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The in-process validator set-up shared by <see cref="ValidatingResolverBenchmarks"/> and <see cref="ValidatorLoad"/>:
/// a private tree <c>.</c> → <c>bench.</c> → <c>secure.bench.</c> signed by our <c>ZoneSigner</c> and served by the
/// in-process authoritative server on 127.0.0.1, and a <see cref="ValidatingResolver"/> in stub mode asking it directly
/// (the stub resolver's own cache off, so every validator query is a UDP exchange).
/// </summary>
internal sealed class ValidatorSetup : IAsyncDisposable
{
    /// <summary>The TLSA name whose cold chain takes six queries: DNSKEY ., DS bench., DNSKEY bench., DS secure.bench., DNSKEY secure.bench., TLSA.</summary>
    public static readonly DomainName TlsaName = DomainName.Parse("_443._tcp.www.secure.bench.");

    /// <summary>A name that exists with an A record.</summary>
    public static readonly DomainName AddressName = DomainName.Parse("www.secure.bench.");

    private ValidatorSetup(TestHierarchy hierarchy, StubResolver stub, TrustAnchorStore anchors)
    {
        Hierarchy = hierarchy;
        Stub = stub;
        Anchors = anchors;
    }

    public TestHierarchy Hierarchy { get; }

    public StubResolver Stub { get; }

    public TrustAnchorStore Anchors { get; }

    public static async Task<ValidatorSetup> CreateAsync(DnssecAlgorithm algorithm = DnssecAlgorithm.EcdsaP256Sha256)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b =>
        {
            b.Root.WithAlgorithm(algorithm);
            b.AddZone("bench.").WithAlgorithm(algorithm);
            b.AddZone("secure.bench.").WithAlgorithm(algorithm)
                .WithTlsa(443, new TlsaRdata(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]), "www")
                .WithRecord("*.wild IN A 192.0.2.7")
                .WithRecord("h1 IN A 192.0.2.1")
                .WithRecord("h2 IN A 192.0.2.2");
        }).ConfigureAwait(false);
        var anchors = hierarchy.TrustAnchorStore;
        return new ValidatorSetup(hierarchy, CreateStub(hierarchy.EndPoint), anchors);
    }

    /// <summary>A stub resolver for the validator: one server, its own cache off (the validator caches).</summary>
    public static StubResolver CreateStub(IPEndPoint server)
    {
        var options = new StubResolverOptions { CacheMaxEntries = 0, Timeout = TimeSpan.FromSeconds(2), MaxTimeout = TimeSpan.FromSeconds(4), Attempts = 2 };
        options.Servers.Add(new NameServer(server));
        return new StubResolver(options);
    }

    /// <summary>A fresh validating resolver (empty answer and zone-key caches) over the shared stub resolver.</summary>
    public ValidatingResolver CreateResolver(ValidatingResolverOptions? options = null) => new(new StubDataSource(Stub), Anchors, options);

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync().ConfigureAwait(false);
        await Hierarchy.DisposeAsync().ConfigureAwait(false);
    }
}
