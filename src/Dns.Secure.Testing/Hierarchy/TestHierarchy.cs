using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using DnsSecure.Records;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Testing.Hierarchy;

/// <summary>
/// A private, signed DNS tree served by one in-process <see cref="AuthoritativeServer"/>: a root zone whose key is the
/// trust anchor, and the zones the test describes, each delegated from its closest enclosing zone with NS, glue and DS.
/// </summary>
/// <example>
/// <code>
/// await using var h = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, certificate));
/// // h.EndPoint answers for ., example., _443._tcp.example. TLSA and example. A 127.0.0.1;
/// // h.TrustAnchors holds the DS of the private root.
/// </code>
/// </example>
public sealed class TestHierarchy : IAsyncDisposable
{
    private const uint SoaRefresh = 7200, SoaRetry = 3600, SoaExpire = 1209600, SoaMinimum = 300;

    private TestHierarchy(AuthoritativeServer server, ImmutableDictionary<DomainName, SignedZone> signed, ImmutableArray<ResourceRecord> trustAnchors, ResourceRecord rootKey)
    {
        Server = server;
        SignedZones = signed;
        TrustAnchors = trustAnchors;
        RootKey = rootKey;
    }

    /// <summary>The server's loopback address and port (UDP and TCP).</summary>
    public IPEndPoint EndPoint => Server.EndPoint;

    /// <summary>The server, for faults and counters.</summary>
    public AuthoritativeServer Server { get; }

    /// <summary>The DS records of the private root: the trust anchor to configure in a validator (RFC 4034 §5).</summary>
    public ImmutableArray<ResourceRecord> TrustAnchors { get; }

    /// <summary>The private root's key-signing DNSKEY record, for validators that take a key as the anchor.</summary>
    public ResourceRecord RootKey { get; }

    /// <summary>The signed zones by apex (unsigned zones are not listed).</summary>
    public ImmutableDictionary<DomainName, SignedZone> SignedZones { get; }

    /// <summary>Builds, signs and starts serving the hierarchy that <paramref name="configure"/> describes.</summary>
    /// <exception cref="ArgumentException">The endpoint is not loopback, or the root is left unsigned.</exception>
    public static async Task<TestHierarchy> CreateAsync(Action<TestHierarchyBuilder> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new TestHierarchyBuilder();
        configure(builder);
        if (!IPAddress.IsLoopback(builder.EndPoint.Address))
        {
            throw new ArgumentException($"The test hierarchy serves only on loopback, not {builder.EndPoint.Address}.", nameof(configure));
        }

        if (!builder.Root.IsSigned)
        {
            throw new ArgumentException("The private root must be signed: its key is the trust anchor.", nameof(configure));
        }

        // Bind first, with no zones: the NS and glue addresses are the server's own.
        AuthoritativeServer server = await AuthoritativeServer.StartAsync([], new AuthoritativeServerOptions
        {
            EndPoint = builder.EndPoint,
            Logger = builder.Logger,
            TimeProvider = builder.TimeProvider,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            return Build(builder, server);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the server and disposes the generated signing keys.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        foreach (SignedZone zone in SignedZones.Values)
        {
            foreach (SigningKey key in zone.Keys)
            {
                key.Dispose();
            }
        }
    }

    private static TestHierarchy Build(TestHierarchyBuilder builder, AuthoritativeServer server)
    {
        IPAddress address = server.EndPoint.Address;

        var zones = builder.Zones.OrderByDescending(z => z.Origin.LabelCount).ToList();
        var content = zones.ToDictionary(z => z.Origin, z => new List<ResourceRecord>(z.Records));
        foreach (TestZoneBuilder zone in zones)
        {
            DomainName ns = NameServerOf(zone.Origin);
            List<ResourceRecord> records = content[zone.Origin];
            records.Insert(0, new ResourceRecord(zone.Origin, zone.Ttl, new SoaRdata(ns, HostmasterOf(zone.Origin), 1, SoaRefresh, SoaRetry, SoaExpire, SoaMinimum)));
            records.Add(new ResourceRecord(zone.Origin, zone.Ttl, new NsRdata(ns)));
            records.Add(new ResourceRecord(ns, zone.Ttl, AddressRdata(address)));
        }

        var signed = ImmutableDictionary.CreateBuilder<DomainName, SignedZone>();
        foreach (TestZoneBuilder zone in zones)
        {
            List<ResourceRecord> records = content[zone.Origin];
            ImmutableArray<ResourceRecord> ds = [];
            if (zone.IsSigned)
            {
                var options = new ZoneSigningOptions { Algorithm = zone.Algorithm, Denial = zone.Denial, TimeProvider = builder.TimeProvider };
                SignedZone result = new ZoneSigner(options).Sign(zone.Origin, records);
                signed[zone.Origin] = result;
                server.SetZone(AuthoritativeZone.Create(zone.Origin, result.Records));
                ds = result.DsRecords;
            }
            else
            {
                server.SetZone(AuthoritativeZone.Create(zone.Origin, records));
            }

            if (!zone.Origin.IsRoot)
            {
                // RFC 4035 §2.4: the parent holds NS, glue and (for a signed child) DS at the cut.
                DomainName parent = zones.Where(z => z.Origin.LabelCount < zone.Origin.LabelCount && zone.Origin.IsSubdomainOf(z.Origin))
                    .MaxBy(z => z.Origin.LabelCount)!.Origin;
                DomainName ns = NameServerOf(zone.Origin);
                List<ResourceRecord> parentRecords = content[parent];
                parentRecords.Add(new ResourceRecord(zone.Origin, zone.Ttl, new NsRdata(ns)));
                parentRecords.Add(new ResourceRecord(ns, zone.Ttl, AddressRdata(address)));
                parentRecords.AddRange(ds);
            }
        }

        SignedZone root = signed[DomainName.Root];
        ResourceRecord rootKey = root.Records.First(r => r.Name.IsRoot && r.Data is DnskeyRdata { IsSecureEntryPoint: true });
        return new TestHierarchy(server, signed.ToImmutable(), root.DsRecords, rootKey);
    }

    /// <summary>The zone's name server: <c>ns1.</c> below the zone, or <c>a.root-servers.invalid.</c> for the root.</summary>
    private static DomainName NameServerOf(DomainName zone) => zone.IsRoot ? DomainName.Parse("a.root-servers.invalid.") : zone.Prepend("ns1");

    private static DomainName HostmasterOf(DomainName zone) => zone.IsRoot ? DomainName.Parse("hostmaster.root-servers.invalid.") : zone.Prepend("hostmaster");

    private static Rdata AddressRdata(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? new AaaaRdata(address) : new ARdata(address);
}
