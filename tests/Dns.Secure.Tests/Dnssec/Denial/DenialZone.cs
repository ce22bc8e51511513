using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.Denial;

/// <summary>Builds the NSEC and NSEC3 chains of a small test zone from its names and types (unsigned; the denial
/// logic is tested apart from signatures).</summary>
internal sealed class DenialZone
{
    private readonly SortedDictionary<DomainName, HashSet<RecordType>> _names = new();

    public DenialZone(string apex)
    {
        Apex = DomainName.Parse(apex);
        Add(apex, RecordType.SOA, RecordType.NS, RecordType.DNSKEY);
    }

    public DomainName Apex { get; }

    public DenialZone Add(string name, params RecordType[] types)
    {
        DomainName n = DomainName.Parse(name);
        if (!_names.TryGetValue(n, out var set))
        {
            _names[n] = set = [];
        }

        set.UnionWith(types);
        return this;
    }

    /// <summary>The NSEC chain (RFC 4034 §4): one record per name that owns data, in canonical order, wrapping to the apex.</summary>
    public List<ResourceRecord> NsecChain()
    {
        var names = _names.Keys.ToList();
        var list = new List<ResourceRecord>();
        for (int i = 0; i < names.Count; i++)
        {
            var types = new HashSet<RecordType>(_names[names[i]]) { RecordType.NSEC, RecordType.RRSIG };
            if (_names[names[i]].Contains(RecordType.NS) && !_names[names[i]].Contains(RecordType.SOA))
            {
                types.Remove(RecordType.RRSIG); // an unsigned delegation's NS set is not signed
                if (_names[names[i]].Contains(RecordType.DS))
                {
                    types.Add(RecordType.RRSIG);
                }
            }

            list.Add(new ResourceRecord(names[i], 3600, new NsecRdata(names[(i + 1) % names.Count], new TypeBitmap(types))));
        }

        return list;
    }

    public NsecRecordSet Nsec() => new(NsecChain());

    /// <summary>The NSEC3 chain (RFC 5155 §7.1): every name and every empty non-terminal, hashed and sorted.</summary>
    public List<ResourceRecord> Nsec3Chain(ushort iterations = 0, string saltHex = "", bool optOutEverywhere = false, Func<DomainName, bool>? omit = null)
    {
        byte[] salt = Convert.FromHexString(saltHex);
        var all = new Dictionary<DomainName, HashSet<RecordType>>();
        foreach (var (name, types) in _names)
        {
            if (optOutEverywhere && types.Contains(RecordType.NS) && !types.Contains(RecordType.SOA) && !types.Contains(RecordType.DS))
            {
                continue; // RFC 5155 §6: opt-out leaves unsigned delegations out of the chain.
            }

            all[name] = [.. types];
            for (DomainName p = name.Parent(); p.LabelCount > Apex.LabelCount; p = p.Parent())
            {
                all.TryAdd(p, []); // empty non-terminal
            }
        }

        var hashed = all.Select(kv => (Hash: Nsec3Hash.Compute(kv.Key, salt, iterations), Name: kv.Key, Types: kv.Value))
            .OrderBy(x => Convert.ToHexString(x.Hash), StringComparer.Ordinal).ToList();
        var list = new List<ResourceRecord>();
        for (int i = 0; i < hashed.Count; i++)
        {
            if (omit?.Invoke(hashed[i].Name) == true)
            {
                continue;
            }

            var types = new HashSet<RecordType>(hashed[i].Types);
            if (types.Count > 0 && !(types.Contains(RecordType.NS) && !types.Contains(RecordType.SOA) && !types.Contains(RecordType.DS)))
            {
                types.Add(RecordType.RRSIG);
            }

            if (hashed[i].Name == Apex)
            {
                types.Add(RecordType.NSEC3PARAM);
            }

            var rdata = new Nsec3Rdata(Nsec3HashAlgorithm.Sha1, (byte)(optOutEverywhere ? 1 : 0), iterations, salt,
                hashed[(i + 1) % hashed.Count].Hash, new TypeBitmap(types));
            list.Add(new ResourceRecord(Nsec3Hash.GetHashedOwnerName(hashed[i].Hash, Apex), 3600, rdata));
        }

        return list;
    }

    /// <summary>The NSEC3 record whose owner is the hash of <paramref name="name"/>.</summary>
    public static ResourceRecord? Nsec3For(List<ResourceRecord> chain, string name, DomainName apex)
    {
        var rr = chain[0].Data as Nsec3Rdata;
        byte[] hash = Nsec3Hash.Compute(DomainName.Parse(name), rr!.Salt.Span, rr.Iterations);
        DomainName owner = Nsec3Hash.GetHashedOwnerName(hash, apex);
        return chain.FirstOrDefault(r => r.Name == owner);
    }
}

/// <summary>An NSEC chain with helpers to pick the records a server would send.</summary>
internal sealed class NsecRecordSet(List<ResourceRecord> chain)
{
    public List<ResourceRecord> All => chain;

    /// <summary>The record matching or covering <paramref name="name"/>.</summary>
    public ResourceRecord For(string name)
    {
        DomainName n = DomainName.Parse(name);
        return chain.Last(r => r.Name.CompareTo(n) <= 0);
    }
}
