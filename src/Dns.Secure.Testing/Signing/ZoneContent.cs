using DnsSecure.Records;

namespace DnsSecure.Testing.Signing;

/// <summary>The records of a zone being signed, indexed by owner name, with its zone cuts and occluded names
/// (RFC 4035 §2.2, RFC 6672 §2.4).</summary>
internal sealed class ZoneContent
{
    private readonly List<ResourceRecord> _records = [];
    private readonly HashSet<(DomainName, RecordClass, Rdata)> _seen = [];
    private readonly Dictionary<DomainName, SortedSet<RecordType>> _types = [];

    public ZoneContent(DomainName origin, IEnumerable<ResourceRecord> records)
    {
        Origin = origin;
        ResourceRecord? soa = null;
        foreach (ResourceRecord record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (!record.Name.IsSubdomainOf(origin))
            {
                throw new ArgumentException($"The record '{record}' is outside the zone {origin}.", nameof(records));
            }

            // Signatures and denial records are made anew.
            if (record.Type is RecordType.RRSIG or RecordType.NSEC or RecordType.NSEC3 or RecordType.NSEC3PARAM)
            {
                continue;
            }

            if (record.Type == RecordType.SOA && record.Name == origin)
            {
                soa ??= record;
            }

            Add(record);
        }

        Soa = soa ?? throw new ArgumentException($"The zone {origin} has no SOA record at its apex.", nameof(records));
    }

    public DomainName Origin { get; }

    public ResourceRecord Soa { get; }

    public IReadOnlyList<ResourceRecord> Records => _records;

    public void Add(ResourceRecord record)
    {
        if (!_seen.Add((record.Name, record.Class, record.Data)))
        {
            return;
        }

        _records.Add(record);
        if (!_types.TryGetValue(record.Name, out SortedSet<RecordType>? types))
        {
            types = [];
            _types.Add(record.Name, types);
        }

        types.Add(record.Type);
    }

    public bool Has(DomainName name, RecordType type) => _types.TryGetValue(name, out SortedSet<RecordType>? types) && types.Contains(type);

    /// <summary>A zone cut: NS records at a name other than the apex (RFC 1034 §4.2.1).</summary>
    public bool IsDelegation(DomainName name) => name != Origin && Has(name, RecordType.NS);

    /// <summary>True for names below a zone cut or below a DNAME owner: data there is not the zone's.</summary>
    public bool IsOccluded(DomainName name)
    {
        if (name == Origin || !name.IsSubdomainOf(Origin))
        {
            return false;
        }

        for (DomainName ancestor = name.Parent(); ancestor.IsSubdomainOf(Origin); ancestor = ancestor.Parent())
        {
            if (IsDelegation(ancestor) || Has(ancestor, RecordType.DNAME))
            {
                return true;
            }

            if (ancestor == Origin)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>Names with records that belong to the zone: the apex, ordinary names and delegation points, not glue.</summary>
    public IEnumerable<DomainName> AuthoritativeNames()
    {
        foreach (DomainName name in _types.Keys)
        {
            if (!IsOccluded(name))
            {
                yield return name;
            }
        }
    }

    /// <summary>The types a denial record lists for <paramref name="name"/> (without RRSIG, NSEC): at a cut only NS and DS
    /// (RFC 4035 §2.3, RFC 5155 §7.1); none at an empty non-terminal.</summary>
    public IEnumerable<RecordType> AuthoritativeTypes(DomainName name)
    {
        if (!_types.TryGetValue(name, out SortedSet<RecordType>? types))
        {
            yield break;
        }

        bool cut = IsDelegation(name);
        foreach (RecordType type in types)
        {
            if (!cut || type is RecordType.NS or RecordType.DS)
            {
                yield return type;
            }
        }
    }

    /// <summary>True when some RRset at <paramref name="name"/> is signed (everything except at a cut without DS).</summary>
    public bool HasSignedData(DomainName name) =>
        _types.ContainsKey(name) && (!IsDelegation(name) || Has(name, RecordType.DS));

    /// <summary>True when the RRset <paramref name="name"/>/<paramref name="type"/> gets signatures (RFC 4035 §2.2).</summary>
    public bool IsSigned(DomainName name, RecordType type)
    {
        if (type == RecordType.NSEC3)
        {
            return true;
        }

        if (IsOccluded(name))
        {
            return false;
        }

        // At a delegation point only DS and NSEC are the parent's data.
        return !IsDelegation(name) || type is RecordType.DS or RecordType.NSEC;
    }
}
