using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure;

/// <summary>
/// A resource record set (RFC 2181 §5): the records with one owner name, class and type. The RDATA are kept in
/// canonical order with duplicates removed (RFC 4034 §6.3), which is the order they are signed in. When the members
/// had different TTLs the set uses the lowest and says so (RFC 2181 §5.2).
/// </summary>
public sealed class RRSet
{
    private ImmutableArray<ResourceRecord> _records;

    /// <summary>Creates an RRset from RDATA of one type.</summary>
    /// <exception cref="ArgumentException">The data is empty or mixes types.</exception>
    public RRSet(DomainName name, RecordClass recordClass, uint ttl, IEnumerable<Rdata> data)
        : this(name, recordClass, ttl, ttlsDiffered: false, data)
    {
    }

    private RRSet(DomainName name, RecordClass recordClass, uint ttl, bool ttlsDiffered, IEnumerable<Rdata> data)
        : this(name, recordClass, ttl, ttlsDiffered, Copy(data))
    {
    }

    // Takes ownership of the array: sorts and compacts it in place.
    private RRSet(DomainName name, RecordClass recordClass, uint ttl, bool ttlsDiffered, Rdata[] data)
    {
        Rdata[] list = data;
        ArgumentNullException.ThrowIfNull(name);
        if (list.Length == 0)
        {
            throw new ArgumentException("An RRset has at least one record.", nameof(data));
        }

        RecordType type = list[0].Type;
        foreach (Rdata d in list)
        {
            if (d.Type != type)
            {
                throw new ArgumentException($"An RRset holds one type; found {type.ToText()} and {d.Type.ToText()}.", nameof(data));
            }
        }

        // RFC 4034 §6.3: canonical order; RRs with identical canonical RDATA are one RR.
        if (list.Length > 1)
        {
            Array.Sort(list);
            int kept = 1;
            for (int i = 1; i < list.Length; i++)
            {
                if (list[i].CompareTo(list[kept - 1]) != 0)
                {
                    list[kept++] = list[i];
                }
            }

            if (kept < list.Length)
            {
                Array.Resize(ref list, kept);
            }
        }

        Name = name;
        Class = recordClass;
        Type = type;
        Ttl = ttl;
        TtlsDiffered = ttlsDiffered;
        Data = ImmutableCollectionsMarshal.AsImmutableArray(list);
    }

    /// <summary>The owner name (with the case of the first record given).</summary>
    public DomainName Name { get; }

    /// <summary>The class.</summary>
    public RecordClass Class { get; }

    /// <summary>The type.</summary>
    public RecordType Type { get; }

    /// <summary>The TTL of the set: the lowest of the members' TTLs (RFC 2181 §5.2).</summary>
    public uint Ttl { get; }

    /// <summary>True when the records the set was made from had different TTLs (RFC 2181 §5.2 calls that an error;
    /// it is normal only for RRSIG sets).</summary>
    public bool TtlsDiffered { get; }

    /// <summary>The RDATA in canonical order, without duplicates (RFC 4034 §6.3).</summary>
    public ImmutableArray<Rdata> Data { get; }

    /// <summary>Number of distinct records.</summary>
    public int Count => Data.Length;

    /// <summary>The members as records, in canonical order, all with <see cref="Ttl"/>.</summary>
    public ImmutableArray<ResourceRecord> Records
    {
        get
        {
            if (_records.IsDefault)
            {
                var builder = ImmutableArray.CreateBuilder<ResourceRecord>(Data.Length);
                foreach (Rdata d in Data)
                {
                    builder.Add(new ResourceRecord(Name, Class, Ttl, d));
                }

                _records = builder.MoveToImmutable();
            }

            return _records;
        }
    }

    /// <summary>Makes an RRset from records that share owner name (compared without case), class and type.</summary>
    /// <exception cref="ArgumentException">The list is empty or the records do not share owner, class and type.</exception>
    public static RRSet Create(IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);

        // Arrays and lists (what the readers and the validator pass) are read by index: no boxed enumerator, no copy.
        return records switch
        {
            ResourceRecord[] array => Create(array.AsSpan()),
            ImmutableArray<ResourceRecord> immutable => Create(immutable.AsSpan()),
            List<ResourceRecord> list => Create(CollectionsMarshal.AsSpan(list)),
            _ => Create([.. records]),
        };
    }

    private static RRSet Create(ReadOnlySpan<ResourceRecord> records)
    {
        ResourceRecord? first = null;
        uint ttl = 0;
        bool ttlsDiffered = false;

        // The RDATA go straight into the array the set keeps (no list, no second copy).
        var data = new Rdata[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            ResourceRecord rr = records[i];
            ArgumentNullException.ThrowIfNull(rr, nameof(records));
            if (first is null)
            {
                first = rr;
                ttl = rr.Ttl;
            }
            else
            {
                if (rr.Name != first.Name || rr.Class != first.Class || rr.Type != first.Type)
                {
                    throw new ArgumentException(
                        $"An RRset shares owner, class and type; '{rr.Name} {rr.Class.ToText()} {rr.Type.ToText()}' differs from '{first.Name} {first.Class.ToText()} {first.Type.ToText()}'.",
                        nameof(records));
                }

                if (rr.Ttl != ttl)
                {
                    ttlsDiffered = true;
                    ttl = Math.Min(ttl, rr.Ttl);
                }
            }

            data[i] = rr.Data;
        }

        if (first is null)
        {
            throw new ArgumentException("An RRset has at least one record.", nameof(records));
        }

        return new RRSet(first.Name, first.Class, ttl, ttlsDiffered, data);
    }

    /// <summary>
    /// Groups records into RRsets by owner name (without case), class and type, in order of first appearance.
    /// RRSIG records form one set per owner and class whatever they cover, as RFC 4034 §3 defines it; select by
    /// <see cref="RrsigRdata.TypeCovered"/> to find the signatures of one RRset.
    /// </summary>
    public static ImmutableArray<RRSet> Group(IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var index = new Dictionary<(DomainName, RecordClass, RecordType), int>();
        var groups = new List<List<ResourceRecord>>();
        foreach (ResourceRecord rr in records)
        {
            ArgumentNullException.ThrowIfNull(rr, nameof(records));
            var key = (rr.Name, rr.Class, rr.Type);
            if (!index.TryGetValue(key, out int i))
            {
                i = groups.Count;
                index.Add(key, i);
                groups.Add([]);
            }

            groups[i].Add(rr);
        }

        var builder = ImmutableArray.CreateBuilder<RRSet>(groups.Count);
        foreach (List<ResourceRecord> group in groups)
        {
            builder.Add(Create(group));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// The data an RRSIG over this set signs (RFC 4034 §3.1.8.1): the RRSIG RDATA without its signature (signer's name
    /// lowercased), then every record in canonical form (RFC 4034 §6.2) and order (§6.3) with the owner lowercased,
    /// the TTL replaced by the RRSIG's original TTL and, when the RRSIG's labels are fewer than the owner's, the owner
    /// replaced by the wildcard it was expanded from (RFC 4035 §5.3.2).
    /// </summary>
    /// <exception cref="ArgumentException">The RRSIG covers another type, or its labels exceed the owner's (RFC 4035 §5.3.1).</exception>
    public byte[] GetSigningInput(RrsigRdata rrsig)
    {
        ArgumentNullException.ThrowIfNull(rrsig);
        return TryGetSigningInput(rrsig, out byte[]? input, out string? error) ? input : throw new ArgumentException(error, nameof(rrsig));
    }

    /// <summary>Builds the signed data as <see cref="GetSigningInput"/> does; false when the RRSIG covers another type
    /// or its labels exceed the owner's (RFC 4035 §5.3.1), so that it cannot sign this set.</summary>
    public bool TryGetSigningInput(RrsigRdata rrsig, [NotNullWhen(true)] out byte[]? signingInput)
    {
        ArgumentNullException.ThrowIfNull(rrsig);
        return TryGetSigningInput(rrsig, out signingInput, out _);
    }

    /// <summary>The set in presentation format, one record a line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (ResourceRecord rr in Records)
        {
            sb.Append(rr).Append('\n');
        }

        return sb.ToString();
    }

    private static Rdata[] Copy(IEnumerable<Rdata> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var list = new List<Rdata>();
        foreach (Rdata d in data)
        {
            ArgumentNullException.ThrowIfNull(d, nameof(data));
            list.Add(d);
        }

        return [.. list];
    }

    private bool TryGetSigningInput(RrsigRdata rrsig, [NotNullWhen(true)] out byte[]? signingInput, [NotNullWhen(false)] out string? error)
    {
        signingInput = null;
        if (rrsig.TypeCovered != Type)
        {
            error = $"the RRSIG covers {rrsig.TypeCovered.ToText()}, not {Type.ToText()}";
            return false;
        }

        if (rrsig.Labels > Name.LabelCount)
        {
            // RFC 4035 §5.3.1: the Labels field must not exceed the owner name's label count.
            error = $"the RRSIG labels field {rrsig.Labels} exceeds the {Name.LabelCount} labels of {Name}";
            return false;
        }

        // RFC 4035 §5.3.2: a wildcard expansion is signed as "*." + the rightmost Labels labels of the owner.
        DomainName owner = rrsig.Labels < Name.LabelCount ? Name.GetAncestor(rrsig.Labels).Prepend("*"u8) : Name;
        var writer = new DnsWireWriter(256 + (Data.Length * 64));
        try
        {
            rrsig.WriteWithoutSignature(ref writer);
            foreach (Rdata d in Data)
            {
                // RFC 4034 §6.2: owner lowercased and uncompressed, TTL = original TTL, RDATA canonical.
                writer.WriteName(owner, compress: false, lowercase: true);
                writer.WriteUInt16((ushort)Type);
                writer.WriteUInt16((ushort)Class);
                writer.WriteUInt32(rrsig.OriginalTtl);
                ReadOnlySpan<byte> rdata = d.CanonicalData;
                writer.WriteUInt16(checked((ushort)rdata.Length));
                writer.WriteBytes(rdata);
            }

            signingInput = writer.ToArray();
            error = null;
            return true;
        }
        finally
        {
            writer.Dispose();
        }
    }
}
