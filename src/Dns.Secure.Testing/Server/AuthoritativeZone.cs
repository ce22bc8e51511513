using System.Collections.Immutable;
using DnsSecure.Text;

namespace DnsSecure.Testing.Server;

/// <summary>
/// One zone served by <see cref="AuthoritativeServer"/>: a list of already-signed records (or unsigned ones) with the
/// indexes a server needs precomputed once.
/// <para>Glossary (RFC 4035, RFC 5155): a <em>delegation point</em> (zone cut) is a non-apex name with NS records; names
/// below it are not authoritative (glue). The <em>closest encloser</em> of a name is its longest existing ancestor; the
/// <em>next closer name</em> is the ancestor one label longer than the closest encloser. An NSEC <em>covers</em> a name that
/// sorts between its owner and next name; an NSEC3 covers a name whose hash sorts between its hashed owner and next
/// hashed owner.</para>
/// </summary>
public sealed class AuthoritativeZone
{
    private readonly Dictionary<DomainName, ZoneNode> _nodes = [];
    private readonly DomainName[] _nsecOwners;
    private readonly ResourceRecord[] _nsecRecords;
    private readonly byte[][] _nsec3Hashes;
    private readonly ZoneNode[] _nsec3Nodes;

    private AuthoritativeZone(DomainName origin, ImmutableArray<ResourceRecord> records)
    {
        Origin = origin;
        Records = records;
        _nodes[origin] = new ZoneNode(origin);
        foreach (ResourceRecord rr in records)
        {
            if (!rr.Name.IsSubdomainOf(origin))
            {
                throw new ArgumentException($"The record '{rr}' is outside the zone {origin}.", nameof(records));
            }

            ZoneNode node = GetOrAddNode(rr.Name);
            RecordType key = rr.Type == RecordType.RRSIG ? RdataFields.RrsigTypeCovered(rr.Data) : rr.Type;
            Dictionary<RecordType, List<ResourceRecord>> table = rr.Type == RecordType.RRSIG ? node.Signatures : node.RRsets;
            if (!table.TryGetValue(key, out List<ResourceRecord>? set))
            {
                table[key] = set = [];
            }

            if (!set.Contains(rr))
            {
                set.Add(rr);
            }
        }

        ZoneNode apex = _nodes[origin];
        IReadOnlyList<ResourceRecord> soa = apex.Get(RecordType.SOA);
        Soa = soa.Count > 0 ? soa[0] : throw new ArgumentException($"The zone {origin} has no SOA record at its apex.", nameof(records));

        // RFC 4034 §6.1: NSEC chain in canonical order.
        var nsec = _nodes.Values.Where(n => n.Has(RecordType.NSEC)).OrderBy(n => n.Name).ToArray();
        _nsecOwners = nsec.Select(n => n.Name).ToArray();
        _nsecRecords = nsec.Select(n => n.Get(RecordType.NSEC)[0]).ToArray();

        // RFC 5155 §3.3: NSEC3 owners are base32hex(hash).zone; order by the hash octets.
        IReadOnlyList<ResourceRecord> nsec3Param = apex.Get(RecordType.NSEC3PARAM);
        ResourceRecord? param = nsec3Param.Count > 0 ? nsec3Param[0] : null;
        var nsec3 = new List<(byte[] Hash, ZoneNode Node)>();
        foreach (ZoneNode node in _nodes.Values)
        {
            if (!node.Has(RecordType.NSEC3) || node.Name.LabelCount != origin.LabelCount + 1)
            {
                continue;
            }

            if (Nsec3Parameters.TryGetOwnerHash(node.Name, out byte[] hash))
            {
                nsec3.Add((hash, node));
                param ??= node.Get(RecordType.NSEC3)[0];
            }
        }

        nsec3.Sort((a, b) => a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        _nsec3Hashes = nsec3.Select(e => e.Hash).ToArray();
        _nsec3Nodes = nsec3.Select(e => e.Node).ToArray();
        Nsec3 = param is null || nsec3.Count == 0 ? null : RdataFields.Nsec3Parameters(param.Data);
    }

    /// <summary>The zone apex.</summary>
    public DomainName Origin { get; }

    /// <summary>Every record of the zone, as given.</summary>
    public ImmutableArray<ResourceRecord> Records { get; }

    /// <summary>True when the zone holds DNSKEY records at its apex.</summary>
    public bool IsSigned => _nodes[Origin].Has(RecordType.DNSKEY);

    /// <summary>The apex SOA record.</summary>
    internal ResourceRecord Soa { get; }

    /// <summary>NSEC3 parameters when the zone is NSEC3-signed (RFC 5155), else null.</summary>
    internal Nsec3Parameters? Nsec3 { get; }

    /// <summary>True when the zone has an NSEC chain.</summary>
    internal bool HasNsec => _nsecOwners.Length > 0;

    /// <summary>Creates a zone from records; every record must be at or below <paramref name="origin"/> and an SOA must be at the apex.</summary>
    /// <exception cref="ArgumentException">A record is outside the zone, or the apex has no SOA.</exception>
    public static AuthoritativeZone Create(DomainName origin, IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        return new AuthoritativeZone(origin, [.. records]);
    }

    /// <summary>Reads a zone from presentation (zone-file) text, such as BIND's <c>dnssec-signzone</c> output.</summary>
    /// <exception cref="Wire.DnsFormatException">The text is malformed.</exception>
    public static AuthoritativeZone Parse(string text, DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(origin);
        var reader = new ZoneFileReader(text, new ZoneFileReaderOptions { Origin = origin });
        return Create(origin, reader.ReadRecords());
    }

    /// <summary>Reads a zone from a zone file on disk.</summary>
    /// <exception cref="Wire.DnsFormatException">The file is malformed.</exception>
    public static AuthoritativeZone Load(string path, DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(origin);
        return Create(origin, ZoneFileReader.ReadFile(path, new ZoneFileReaderOptions { Origin = origin }));
    }

    /// <inheritdoc/>
    public override string ToString() => $"zone {Origin} ({Records.Length} records)";

    /// <summary>The node of a name, or null when the name does not exist in the zone.</summary>
    internal ZoneNode? Find(DomainName name) => _nodes.GetValueOrDefault(name);

    /// <summary>The NSEC whose owner equals or precedes <paramref name="name"/> in canonical order (RFC 4034 §6.1), wrapping round.</summary>
    internal ResourceRecord? FindNsec(DomainName name)
    {
        if (_nsecOwners.Length == 0)
        {
            return null;
        }

        int i = Array.BinarySearch(_nsecOwners, name);
        if (i < 0)
        {
            i = ~i - 1;
            if (i < 0)
            {
                i = _nsecOwners.Length - 1;
            }
        }

        return _nsecRecords[i];
    }

    /// <summary>The NSEC3 node whose hash matches <paramref name="name"/>'s, or null.</summary>
    internal ZoneNode? FindMatchingNsec3(DomainName name)
    {
        if (Nsec3 is null)
        {
            return null;
        }

        int i = Array.BinarySearch(_nsec3Hashes, Nsec3.Hash(name), HashComparer.Instance);
        return i >= 0 ? _nsec3Nodes[i] : null;
    }

    /// <summary>The NSEC3 node that covers <paramref name="name"/>'s hash (RFC 5155 §7.2.1), wrapping round; null if the hash matches.</summary>
    internal ZoneNode? FindCoveringNsec3(DomainName name)
    {
        if (Nsec3 is null)
        {
            return null;
        }

        int i = Array.BinarySearch(_nsec3Hashes, Nsec3.Hash(name), HashComparer.Instance);
        if (i >= 0)
        {
            return null;
        }

        i = ~i - 1;
        return _nsec3Nodes[i < 0 ? _nsec3Nodes.Length - 1 : i];
    }

    private ZoneNode GetOrAddNode(DomainName name)
    {
        if (_nodes.TryGetValue(name, out ZoneNode? node))
        {
            return node;
        }

        node = new ZoneNode(name);
        _nodes[name] = node;

        // Every ancestor up to the apex exists, as an empty non-terminal if nothing else (RFC 4592 §2.2.2).
        for (DomainName parent = name.Parent(); parent.LabelCount > Origin.LabelCount && !_nodes.ContainsKey(parent); parent = parent.Parent())
        {
            _nodes[parent] = new ZoneNode(parent);
        }

        return node;
    }

    private sealed class HashComparer : IComparer<byte[]>
    {
        public static readonly HashComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
