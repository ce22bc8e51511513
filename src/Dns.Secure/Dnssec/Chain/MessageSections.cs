using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>A message section split into RRsets and the RRSIGs that cover each (by owner and type covered).</summary>
/// <remarks>
/// Sections of validated answers hold a handful of RRsets: up to <see cref="LinearLimit"/> records they are grouped by
/// linear search (comparing type, class, then name), which is cheaper than hashing every owner name; larger sections use
/// a hash index so that a hostile message cannot make the grouping quadratic.
/// </remarks>
internal sealed class MessageSections
{
    /// <summary>Largest section grouped by linear search.</summary>
    internal const int LinearLimit = 32;

    private static readonly List<SignatureGroup> NoSignatures = [];

    private static readonly MessageSections Empty = new([], NoSignatures);

    // The RRSIGs of the section grouped by (owner, type covered), in order of first appearance.
    private readonly List<SignatureGroup> _signatureGroups;
    private readonly Dictionary<(DomainName, RecordType), List<RrsigRdata>>? _signatureIndex;

    private MessageSections(ImmutableArray<RRSet> rrsets, List<SignatureGroup> signatureGroups, Dictionary<(DomainName, RecordType), List<RrsigRdata>>? index = null)
    {
        RrSets = rrsets;
        _signatureGroups = signatureGroups;
        _signatureIndex = index;
    }

    public ImmutableArray<RRSet> RrSets { get; }

    /// <summary>Splits a section as decoded (no copy, no boxing of the array).</summary>
    public static MessageSections Split(ImmutableArray<ResourceRecord> records)
    {
        if (records.IsDefaultOrEmpty)
        {
            return Empty;
        }

        if (records.Length > LinearLimit)
        {
            return SplitIndexed(records);
        }

        int rrsigs = 0;
        foreach (ResourceRecord rr in records)
        {
            rrsigs += rr.Type == RecordType.RRSIG ? 1 : 0;
        }

        // Sized for the usual case, one RRSIG per RRset (a section without RRSIGs shares one empty list, never changed).
        List<SignatureGroup> signatureGroups = rrsigs == 0 ? NoSignatures : new List<SignatureGroup>(rrsigs);
        foreach (ResourceRecord rr in records)
        {
            if (rr.Type == RecordType.RRSIG)
            {
                var sig = (RrsigRdata)rr.Data;
                FindOrAdd(signatureGroups, rr.Name, sig.TypeCovered).Add(sig);
            }
        }

        return new MessageSections(GroupLinear(records, withRrsig: false), signatureGroups);
    }

    /// <summary>
    /// <see cref="RRSet.Group"/> for a small section (at most <see cref="LinearLimit"/> records): the same RRsets in the
    /// same order (of first appearance; RRSIGs one set per owner and class unless <paramref name="withRrsig"/> is false,
    /// when they are left out), found by linear search instead of a hash table.
    /// </summary>
    internal static ImmutableArray<RRSet> GroupLinear(ImmutableArray<ResourceRecord> records, bool withRrsig)
    {
        if (records.IsDefaultOrEmpty)
        {
            return [];
        }

        if (records.Length > LinearLimit)
        {
            return RRSet.Group(withRrsig ? records : records.Where(r => r.Type != RecordType.RRSIG));
        }

        // Group index of each record (-1 when left out) and the first record of each group.
        Span<int> groupOf = stackalloc int[records.Length];
        Span<int> firstOf = stackalloc int[records.Length];
        int groups = 0;
        for (int i = 0; i < records.Length; i++)
        {
            ResourceRecord rr = records[i];
            if (!withRrsig && rr.Type == RecordType.RRSIG)
            {
                groupOf[i] = -1;
                continue;
            }

            int g = 0;
            while (g < groups && !SameSet(records[firstOf[g]], rr))
            {
                g++;
            }

            if (g == groups)
            {
                firstOf[groups++] = i;
            }

            groupOf[i] = g;
        }

        if (groups == 0)
        {
            return [];
        }

        var rrsets = new RRSet[groups];
        for (int g = 0; g < groups; g++)
        {
            int first = firstOf[g];
            int members = 0;
            for (int i = first; i < records.Length; i++)
            {
                members += groupOf[i] == g ? 1 : 0;
            }

            var set = new ResourceRecord[members];
            for (int i = first, n = 0; i < records.Length; i++)
            {
                if (groupOf[i] == g)
                {
                    set[n++] = records[i];
                }
            }

            rrsets[g] = RRSet.Create(set);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(rrsets);
    }

    public static MessageSections Split(IEnumerable<ResourceRecord> records) =>
        Split(records is ImmutableArray<ResourceRecord> array ? array : [.. records]);

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

    public IReadOnlyList<RrsigRdata> SignaturesFor(DomainName owner, RecordType type)
    {
        if (_signatureIndex is not null)
        {
            return _signatureIndex.TryGetValue((owner, type), out List<RrsigRdata>? indexed) ? indexed : [];
        }

        foreach (SignatureGroup group in _signatureGroups)
        {
            if (group.Covered == type && group.Owner == owner)
            {
                return group.Signatures;
            }
        }

        return [];
    }

    private static bool SameSet(ResourceRecord a, ResourceRecord b) => a.Type == b.Type && a.Class == b.Class && a.Name == b.Name;

    private static List<RrsigRdata> FindOrAdd(List<SignatureGroup> groups, DomainName owner, RecordType covered)
    {
        foreach (SignatureGroup group in groups)
        {
            if (group.Covered == covered && group.Owner == owner)
            {
                return group.Signatures;
            }
        }

        var added = new SignatureGroup(owner, covered, new List<RrsigRdata>(1));
        groups.Add(added);
        return added.Signatures;
    }

    private static MessageSections SplitIndexed(ImmutableArray<ResourceRecord> records)
    {
        var data = new List<ResourceRecord>();
        var index = new Dictionary<(DomainName, RecordType), List<RrsigRdata>>();
        foreach (ResourceRecord rr in records)
        {
            if (rr.Type != RecordType.RRSIG)
            {
                data.Add(rr);
                continue;
            }

            var sig = (RrsigRdata)rr.Data;
            var key = (rr.Name, sig.TypeCovered);
            if (!index.TryGetValue(key, out List<RrsigRdata>? list))
            {
                index[key] = list = [];
            }

            list.Add(sig);
        }

        return new MessageSections(data.Count == 0 ? [] : RRSet.Group(data), [], index);
    }

    private sealed record SignatureGroup(DomainName Owner, RecordType Covered, List<RrsigRdata> Signatures);
}
