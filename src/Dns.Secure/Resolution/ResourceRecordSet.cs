using System.Collections.Immutable;

namespace DnsSecure.Resolution;

/// <summary>
/// The records of one section sharing owner name, type and class (an RRset, RFC 2181 §5), as a lookup groups
/// its answer. The TTL is the lowest of the records' TTLs (RFC 2181 §5.2).
/// </summary>
/// <param name="Name">The owner name.</param>
/// <param name="Type">The type.</param>
/// <param name="Class">The class.</param>
/// <param name="Ttl">The lowest TTL of the records.</param>
/// <param name="Records">The records, in the order received.</param>
public sealed record ResourceRecordSet(DomainName Name, RecordType Type, RecordClass Class, uint Ttl, ImmutableArray<ResourceRecord> Records)
{
    /// <summary>Groups records by owner (case-insensitively), type and class, in order of first appearance.</summary>
    public static ImmutableArray<ResourceRecordSet> Group(IReadOnlyList<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return [];
        }

        var order = new List<(DomainName Name, RecordType Type, RecordClass Class)>();
        var groups = new Dictionary<(DomainName, RecordType, RecordClass), ImmutableArray<ResourceRecord>.Builder>();
        foreach (ResourceRecord rr in records)
        {
            var key = (rr.Name, rr.Type, rr.Class);
            if (!groups.TryGetValue(key, out ImmutableArray<ResourceRecord>.Builder? builder))
            {
                builder = ImmutableArray.CreateBuilder<ResourceRecord>();
                groups.Add(key, builder);
                order.Add(key);
            }

            builder.Add(rr);
        }

        var result = ImmutableArray.CreateBuilder<ResourceRecordSet>(order.Count);
        foreach (var key in order)
        {
            ImmutableArray<ResourceRecord> members = groups[key].ToImmutable();
            uint ttl = uint.MaxValue;
            foreach (ResourceRecord rr in members)
            {
                ttl = Math.Min(ttl, rr.Ttl);
            }

            result.Add(new ResourceRecordSet(key.Name, key.Type, key.Class, ttl, members));
        }

        return result.MoveToImmutable();
    }
}
