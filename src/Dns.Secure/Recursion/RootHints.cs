using System.Collections.Immutable;
using System.Net;
using DnsSecure.Records;
using DnsSecure.Text;
using DnsSecure.Transport;
using DnsSecure.Wire;

namespace DnsSecure.Recursion;

/// <summary>
/// Where iteration starts: the root name servers' names and addresses (RFC 1034 §5.3.3 "SBELT"). The built-in
/// <see cref="Iana"/> set is the IANA root zone's servers; <see cref="Parse"/> reads a <c>named.root</c> file and
/// <see cref="FromEndPoints"/> takes private roots (tests, air-gapped networks) on any port.
/// </summary>
public sealed class RootHints
{
    // The IANA root hints (https://www.internic.net/domain/named.root), as of 2023-11 (b.root-servers.net renumbered).
    private const string IanaText = """
        .                    3600000  NS    A.ROOT-SERVERS.NET.
        A.ROOT-SERVERS.NET.  3600000  A     198.41.0.4
        A.ROOT-SERVERS.NET.  3600000  AAAA  2001:503:ba3e::2:30
        .                    3600000  NS    B.ROOT-SERVERS.NET.
        B.ROOT-SERVERS.NET.  3600000  A     170.247.170.2
        B.ROOT-SERVERS.NET.  3600000  AAAA  2801:1b8:10::b
        .                    3600000  NS    C.ROOT-SERVERS.NET.
        C.ROOT-SERVERS.NET.  3600000  A     192.33.4.12
        C.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:2::c
        .                    3600000  NS    D.ROOT-SERVERS.NET.
        D.ROOT-SERVERS.NET.  3600000  A     199.7.91.13
        D.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:2d::d
        .                    3600000  NS    E.ROOT-SERVERS.NET.
        E.ROOT-SERVERS.NET.  3600000  A     192.203.230.10
        E.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:a8::e
        .                    3600000  NS    F.ROOT-SERVERS.NET.
        F.ROOT-SERVERS.NET.  3600000  A     192.5.5.241
        F.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:2f::f
        .                    3600000  NS    G.ROOT-SERVERS.NET.
        G.ROOT-SERVERS.NET.  3600000  A     192.112.36.4
        G.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:12::d0d
        .                    3600000  NS    H.ROOT-SERVERS.NET.
        H.ROOT-SERVERS.NET.  3600000  A     198.97.190.53
        H.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:1::53
        .                    3600000  NS    I.ROOT-SERVERS.NET.
        I.ROOT-SERVERS.NET.  3600000  A     192.36.148.17
        I.ROOT-SERVERS.NET.  3600000  AAAA  2001:7fe::53
        .                    3600000  NS    J.ROOT-SERVERS.NET.
        J.ROOT-SERVERS.NET.  3600000  A     192.58.128.30
        J.ROOT-SERVERS.NET.  3600000  AAAA  2001:503:c27::2:30
        .                    3600000  NS    K.ROOT-SERVERS.NET.
        K.ROOT-SERVERS.NET.  3600000  A     193.0.14.129
        K.ROOT-SERVERS.NET.  3600000  AAAA  2001:7fd::1
        .                    3600000  NS    L.ROOT-SERVERS.NET.
        L.ROOT-SERVERS.NET.  3600000  A     199.7.83.42
        L.ROOT-SERVERS.NET.  3600000  AAAA  2001:500:9f::42
        .                    3600000  NS    M.ROOT-SERVERS.NET.
        M.ROOT-SERVERS.NET.  3600000  A     202.12.27.33
        M.ROOT-SERVERS.NET.  3600000  AAAA  2001:dc3::35
        """;

    private static readonly Lazy<RootHints> s_iana = new(() => Parse(IanaText));

    private RootHints(ImmutableArray<DomainName> names, ImmutableArray<IPEndPoint> endPoints)
    {
        Names = names;
        EndPoints = endPoints;
    }

    /// <summary>The 13 IANA root servers (a to m.root-servers.net), IPv4 and IPv6, port 53.</summary>
    public static RootHints Iana => s_iana.Value;

    /// <summary>The root servers' names (empty for hints built from bare addresses).</summary>
    public ImmutableArray<DomainName> Names { get; }

    /// <summary>The addresses to ask, IPv4 first, each with its port.</summary>
    public ImmutableArray<IPEndPoint> EndPoints { get; }

    /// <summary>
    /// Reads root hints in <c>named.root</c> (zone-file) form: the root's NS records and the A/AAAA records of those
    /// names. Addresses of names that are not root name servers are ignored.
    /// </summary>
    /// <param name="namedRootText">The file's text.</param>
    /// <param name="port">The port of every address. Default 53.</param>
    /// <exception cref="DnsFormatException">The text is not zone-file text, or it gives no address for any root server.</exception>
    public static RootHints Parse(string namedRootText, int port = NameServer.DnsPort)
    {
        ArgumentNullException.ThrowIfNull(namedRootText);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var reader = new ZoneFileReader(namedRootText, new ZoneFileReaderOptions { Origin = DomainName.Root, DefaultTtl = 3600000 });
        List<ResourceRecord> records = [.. reader.ReadRecords()];
        var names = records.Where(r => r.Name.IsRoot && r.Data is NsRdata).Select(r => ((NsRdata)r.Data).NameServer).Distinct().ToImmutableArray();
        var nameSet = names.ToHashSet();
        var addresses = records
            .Where(r => nameSet.Contains(r.Name))
            .Select(r => r.Data switch { ARdata a => a.Address, AaaaRdata aaaa => aaaa.Address, _ => null })
            .OfType<IPAddress>()
            .Distinct()
            .OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 1 : 0)
            .Select(a => new IPEndPoint(a, port))
            .ToImmutableArray();
        if (addresses.IsEmpty)
        {
            throw new DnsFormatException("The root hints give no address for any root name server.");
        }

        return new RootHints(names, addresses);
    }

    /// <summary>Hints made of bare addresses, e.g. a private root on loopback in a test.</summary>
    /// <exception cref="ArgumentException">No end point was given.</exception>
    public static RootHints FromEndPoints(IEnumerable<IPEndPoint> endPoints)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        ImmutableArray<IPEndPoint> list = [.. endPoints];
        if (list.IsEmpty || list.Any(e => e is null))
        {
            throw new ArgumentException("Root hints need at least one address, and no null ones.", nameof(endPoints));
        }

        return new RootHints([], list);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{EndPoints.Length} root server address(es)";
}
