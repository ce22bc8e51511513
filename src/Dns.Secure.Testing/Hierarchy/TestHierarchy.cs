using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSecure.Dnssec.TrustAnchors;
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
/// // h.TrustAnchors holds the DS of the private root; new ValidatingResolver(source, h.TrustAnchorStore) trusts it.
/// </code>
/// </example>
public sealed class TestHierarchy : IAsyncDisposable
{
    private const uint SoaRefresh = 7200, SoaRetry = 3600, SoaExpire = 1209600, SoaMinimum = 300;

    private TestHierarchy(ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>> zoneServers, ImmutableDictionary<DomainName, SignedZone> signed, ImmutableArray<ResourceRecord> trustAnchors, ResourceRecord rootKey)
    {
        ZoneServers = zoneServers;
        Server = zoneServers[DomainName.Root][0];
        SignedZones = signed;
        TrustAnchors = trustAnchors;
        TrustAnchorStore = TrustAnchorStore.Create(TrustAnchorLoader.FromRecords(trustAnchors));
        RootKey = rootKey;
    }

    /// <summary>The server's loopback address and port (UDP and TCP); with a server per zone, the first root server's.</summary>
    public IPEndPoint EndPoint => Server.EndPoint;

    /// <summary>The server, for faults and counters; with a server per zone, the first root server.</summary>
    public AuthoritativeServer Server { get; }

    /// <summary>
    /// The servers of each zone, by apex, in NS order (<c>ns1</c>, <c>ns2</c> …). With one server for the whole tree
    /// (the default), every zone maps to <see cref="Server"/>.
    /// </summary>
    public ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>> ZoneServers { get; }

    /// <summary>Every distinct server of the hierarchy.</summary>
    public IEnumerable<AuthoritativeServer> Servers => ZoneServers.Values.SelectMany(s => s).Distinct();

    /// <summary>The root servers' addresses: the root hints of a resolver that iterates through this tree.</summary>
    public ImmutableArray<IPEndPoint> RootEndPoints => [.. ZoneServers[DomainName.Root].Select(s => s.EndPoint)];

    /// <summary>The port every server of the hierarchy listens on (the one port shared by all servers per zone).</summary>
    public int Port => Server.EndPoint.Port;

    /// <summary>The <paramref name="index"/>-th server of <paramref name="zone"/> (0 is <c>ns1</c>).</summary>
    /// <exception cref="KeyNotFoundException">No zone has that apex.</exception>
    public AuthoritativeServer ServerFor(string zone, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return ZoneServers[DomainName.Parse(zone)][index];
    }

    /// <summary>The DS records of the private root: the trust anchor to configure in a validator (RFC 4034 §5).</summary>
    public ImmutableArray<ResourceRecord> TrustAnchors { get; }

    /// <summary>
    /// <see cref="TrustAnchors"/> as a trust anchor store, ready for a validating resolver:
    /// <c>new ValidatingResolver(source, hierarchy.TrustAnchorStore)</c>.
    /// </summary>
    public TrustAnchorStore TrustAnchorStore { get; }

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

        // Bind first, with no zones: the NS and glue addresses are the servers' own.
        ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>> servers = builder.ServerPerZone
            ? await StartServerPerZoneAsync(builder, cancellationToken).ConfigureAwait(false)
            : await StartOneServerAsync(builder, cancellationToken).ConfigureAwait(false);
        try
        {
            return Build(builder, servers);
        }
        catch
        {
            foreach (AuthoritativeServer server in servers.Values.SelectMany(s => s).Distinct())
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Stops the servers and disposes the generated signing keys.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (AuthoritativeServer server in Servers.ToList())
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        foreach (SignedZone zone in SignedZones.Values)
        {
            foreach (SigningKey key in zone.Keys)
            {
                key.Dispose();
            }
        }
    }

    private static async Task<ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>>> StartOneServerAsync(TestHierarchyBuilder builder, CancellationToken cancellationToken)
    {
        AuthoritativeServer server = await AuthoritativeServer.StartAsync([], ServerOptions(builder, builder.EndPoint), cancellationToken).ConfigureAwait(false);
        return builder.Zones.ToImmutableDictionary(z => z.Origin, _ => ImmutableArray.Create(server));
    }

    /// <summary>
    /// One server per name server of each zone, each on its own address 127.x.y.n with one port for all (picked on the
    /// first address, then bound on the others; a clash retries with other addresses and another port).
    /// </summary>
    private static async Task<ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>>> StartServerPerZoneAsync(TestHierarchyBuilder builder, CancellationToken cancellationToken)
    {
        List<TestZoneBuilder> zones = [.. builder.Zones.OrderBy(z => z.Origin.LabelCount).ThenBy(z => z.Origin)];
        int needed = zones.Sum(z => z.NameServerCount);
        if (needed > 250)
        {
            throw new ArgumentException($"A hierarchy with a server per zone has at most 250 servers, not {needed}.", nameof(builder));
        }

        for (int attempt = 1; ; attempt++)
        {
            byte[] prefix = RandomNumberGenerator.GetBytes(2);
            var started = new List<AuthoritativeServer>();
            try
            {
                int port = builder.EndPoint.Port;
                var result = ImmutableDictionary.CreateBuilder<DomainName, ImmutableArray<AuthoritativeServer>>();
                int host = 1;
                foreach (TestZoneBuilder zone in zones)
                {
                    var list = ImmutableArray.CreateBuilder<AuthoritativeServer>();
                    for (int i = 0; i < zone.NameServerCount; i++)
                    {
                        var address = new IPAddress([127, (byte)(1 + (prefix[0] % 254)), prefix[1], (byte)host++]);
                        AuthoritativeServer server = await AuthoritativeServer.StartAsync([], ServerOptions(builder, new IPEndPoint(address, port)), cancellationToken).ConfigureAwait(false);
                        started.Add(server);
                        port = server.EndPoint.Port;
                        list.Add(server);
                    }

                    result[zone.Origin] = list.ToImmutable();
                }

                return result.ToImmutable();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 10)
            {
                foreach (AuthoritativeServer server in started)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch
            {
                foreach (AuthoritativeServer server in started)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }
        }
    }

    private static AuthoritativeServerOptions ServerOptions(TestHierarchyBuilder builder, IPEndPoint endPoint) => new()
    {
        EndPoint = endPoint,
        Logger = builder.Logger,
        TimeProvider = builder.TimeProvider,
    };

    private static TestHierarchy Build(TestHierarchyBuilder builder, ImmutableDictionary<DomainName, ImmutableArray<AuthoritativeServer>> servers)
    {
        var zones = builder.Zones.OrderByDescending(z => z.Origin.LabelCount).ToList();
        var content = zones.ToDictionary(z => z.Origin, z => new List<ResourceRecord>(z.Records));
        foreach (TestZoneBuilder zone in zones)
        {
            List<ResourceRecord> records = content[zone.Origin];
            List<(DomainName Name, IPAddress Address)> nameServers = NameServersOf(zone, servers[zone.Origin]);
            records.Insert(0, new ResourceRecord(zone.Origin, zone.Ttl, new SoaRdata(nameServers[0].Name, HostmasterOf(zone.Origin), 1, SoaRefresh, SoaRetry, SoaExpire, SoaMinimum)));
            foreach ((DomainName ns, IPAddress address) in nameServers)
            {
                records.Add(new ResourceRecord(zone.Origin, zone.Ttl, new NsRdata(ns)));
                records.Add(new ResourceRecord(ns, zone.Ttl, AddressRdata(address)));
            }
        }

        var signed = ImmutableDictionary.CreateBuilder<DomainName, SignedZone>();
        foreach (TestZoneBuilder zone in zones)
        {
            List<ResourceRecord> records = content[zone.Origin];
            ImmutableArray<ResourceRecord> ds = [];
            AuthoritativeZone served;
            if (zone.IsSigned)
            {
                var options = new ZoneSigningOptions
                {
                    Algorithm = zone.Algorithm,
                    Denial = zone.Denial,
                    TimeProvider = builder.TimeProvider,
                    Inception = zone.SignatureInception,
                    Expiration = zone.SignatureExpiration,
                };
                SignedZone result = new ZoneSigner(options).Sign(zone.Origin, records);
                signed[zone.Origin] = result;
                served = AuthoritativeZone.Create(zone.Origin, result.Records);
                ds = zone.HasMismatchedDs ? [.. result.DsRecords.Select(MismatchDigest)] : result.DsRecords;
            }
            else
            {
                served = AuthoritativeZone.Create(zone.Origin, records);
            }

            foreach (AuthoritativeServer server in servers[zone.Origin])
            {
                server.SetZone(served);
            }

            if (!zone.Origin.IsRoot)
            {
                // RFC 4035 §2.4: the parent holds NS, glue and (for a signed child) DS at the cut.
                DomainName parent = zones.Where(z => z.Origin.LabelCount < zone.Origin.LabelCount && zone.Origin.IsSubdomainOf(z.Origin))
                    .MaxBy(z => z.Origin.LabelCount)!.Origin;
                List<ResourceRecord> parentRecords = content[parent];
                foreach ((DomainName ns, IPAddress address) in NameServersOf(zone, servers[zone.Origin]))
                {
                    parentRecords.Add(new ResourceRecord(zone.Origin, zone.Ttl, new NsRdata(ns)));
                    parentRecords.Add(new ResourceRecord(ns, zone.Ttl, AddressRdata(address)));
                }

                parentRecords.AddRange(ds);
            }
        }

        SignedZone root = signed[DomainName.Root];
        ResourceRecord rootKey = root.Records.First(r => r.Name.IsRoot && r.Data is DnskeyRdata { IsSecureEntryPoint: true });
        return new TestHierarchy(servers, signed.ToImmutable(), root.DsRecords, rootKey);
    }

    /// <summary>The zone's name servers with their addresses: one per server, or all on the one shared server.</summary>
    private static List<(DomainName Name, IPAddress Address)> NameServersOf(TestZoneBuilder zone, ImmutableArray<AuthoritativeServer> servers)
    {
        var list = new List<(DomainName, IPAddress)>();
        for (int i = 0; i < zone.NameServerCount; i++)
        {
            list.Add((NameServerOf(zone.Origin, i), servers[Math.Min(i, servers.Length - 1)].EndPoint.Address));
        }

        return list;
    }

    /// <summary>The same DS with one digest octet flipped: signed by the parent, matching no child key.</summary>
    private static ResourceRecord MismatchDigest(ResourceRecord ds)
    {
        var data = (DsRdata)ds.Data;
        byte[] digest = data.Digest.ToArray();
        digest[^1] ^= 0xFF;
        return ds with { Data = new DsRdata(data.KeyTag, data.Algorithm, data.DigestType, digest) };
    }

    /// <summary>The zone's <paramref name="index"/>-th name server: <c>ns1.</c>, <c>ns2.</c> … below the zone, or
    /// <c>a.root-servers.invalid.</c>, <c>b.</c> … for the root.</summary>
    private static DomainName NameServerOf(DomainName zone, int index) =>
        zone.IsRoot ? DomainName.Parse($"{(char)('a' + index)}.root-servers.invalid.") : zone.Prepend($"ns{index + 1}");

    private static DomainName HostmasterOf(DomainName zone) => zone.IsRoot ? DomainName.Parse("hostmaster.root-servers.invalid.") : zone.Prepend("hostmaster");

    private static Rdata AddressRdata(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? new AaaaRdata(address) : new ARdata(address);
}
