using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>A message section split into RRsets and the RRSIGs that cover each (by owner and type covered).</summary>
internal sealed class MessageSections
{
    private readonly Dictionary<(DomainName, RecordType), List<RrsigRdata>> _signatures = [];

    private MessageSections(ImmutableArray<RRSet> rrsets) => RrSets = rrsets;

    public ImmutableArray<RRSet> RrSets { get; }

    public static MessageSections Split(IEnumerable<ResourceRecord> records)
    {
        var data = new List<ResourceRecord>();
        var rrsigs = new List<ResourceRecord>();
        foreach (ResourceRecord rr in records)
        {
            (rr.Type == RecordType.RRSIG ? rrsigs : data).Add(rr);
        }

        var sections = new MessageSections(data.Count == 0 ? [] : RRSet.Group(data));
        foreach (ResourceRecord rr in rrsigs)
        {
            var sig = (RrsigRdata)rr.Data;
            var key = (rr.Name, sig.TypeCovered);
            if (!sections._signatures.TryGetValue(key, out List<RrsigRdata>? list))
            {
                sections._signatures[key] = list = [];
            }

            list.Add(sig);
        }

        return sections;
    }

    public RRSet? Find(DomainName owner, RecordType type)
    {
        foreach (RRSet rrset in RrSets)
        {
            if (rrset.Type == type && rrset.Name == owner)
            {
                return rrset;
            }
        }

        return null;
    }

    public IReadOnlyList<RrsigRdata> SignaturesFor(DomainName owner, RecordType type) =>
        _signatures.TryGetValue((owner, type), out List<RrsigRdata>? list) ? list : [];
}
