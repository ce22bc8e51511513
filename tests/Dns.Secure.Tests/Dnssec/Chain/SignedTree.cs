using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Signing;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Dnssec.Chain;

/// <summary>
/// Zones signed with our <see cref="ZoneSigner"/> (or left unsigned), served by the in-process authoritative server on
/// loopback, with validating resolvers over a stub resolver that asks that server. The root's keys are the anchor.
/// </summary>
internal sealed class SignedTree : IAsyncDisposable
{
    private readonly List<AuthoritativeZone> _zones = [];
    private readonly List<SignedZone> _signed = [];
    private readonly List<StubResolver> _stubs = [];

    public AuthoritativeServer? Server { get; private set; }

    /// <summary>Signs <paramref name="zoneText"/> as <paramref name="origin"/> and serves it.</summary>
    public SignedZone Sign(string origin, string zoneText, ZoneSigningOptions? options = null)
    {
        SignedZone zone = new ZoneSigner(options).Sign(DomainName.Parse(origin), zoneText);
        _signed.Add(zone);
        _zones.Add(AuthoritativeZone.Create(zone.Origin, zone.Records));
        return zone;
    }

    /// <summary>Serves <paramref name="zoneText"/> unsigned.</summary>
    public void AddUnsigned(string origin, string zoneText) => _zones.Add(AuthoritativeZone.Parse(zoneText, DomainName.Parse(origin)));

    /// <summary>SOA and NS of a zone in presentation format, TTL 300.</summary>
    public static string Apex(string origin) =>
        $"$TTL 300\n{origin} IN SOA ns1.{origin} hostmaster.{origin} 1 3600 600 86400 300\n{origin} IN NS ns1.{origin}\n".Replace("..", ".", StringComparison.Ordinal);

    public async Task StartAsync() => Server = await AuthoritativeServer.StartAsync(_zones);

    /// <summary>A validating resolver anchored at the root's keys (the first zone signed as ".").</summary>
    public ValidatingResolver Resolver(ValidatingResolverOptions? options = null, TimeProvider? time = null)
    {
        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(Server!.EndPoint));
        var stub = new StubResolver(stubOptions);
        _stubs.Add(stub);
        SignedZone root = _signed.First(z => z.Origin.IsRoot);
        var anchors = TrustAnchorStore.Create(TrustAnchorLoader.FromRecords(root.DsRecords));
        return new ValidatingResolver(new StubDataSource(stub), anchors, options, time);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (StubResolver stub in _stubs)
        {
            await stub.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        foreach (SigningKey key in _signed.SelectMany(z => z.Keys))
        {
            key.Dispose();
        }
    }
}
