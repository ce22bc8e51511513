using System.Collections.Immutable;
using System.Text;

namespace DnsSecure.Dnssec.Chain;

/// <summary>One step of the chain of trust a verdict rests on, for tools that show it (anchor → DS → DNSKEY → RRSIG → answer).</summary>
public sealed record ChainStep
{
    /// <summary>What was checked.</summary>
    public required ChainStepKind Kind { get; init; }

    /// <summary>The zone the step belongs to.</summary>
    public required DomainName Zone { get; init; }

    /// <summary>The owner of the checked RRset.</summary>
    public required DomainName Owner { get; init; }

    /// <summary>The type of the checked RRset.</summary>
    public RecordType Type { get; init; }

    /// <summary>The verdict of the step.</summary>
    public DnssecStatus Status { get; init; }

    /// <summary>The key tags of the keys (or DS records) that were used.</summary>
    public ImmutableArray<ushort> KeyTags { get; init; } = [];

    /// <summary>The algorithm numbers involved.</summary>
    public ImmutableArray<Iana.DnssecAlgorithm> Algorithms { get; init; } = [];

    /// <summary>The validity window of the signature that validated the step, if any.</summary>
    public (DateTimeOffset Inception, DateTimeOffset Expiration)? SignatureWindow { get; init; }

    /// <summary>The records of the step (DS, DNSKEY, the answer RRset, the NSEC/NSEC3 records).</summary>
    public ImmutableArray<ResourceRecord> Records { get; init; } = [];

    /// <summary>Why the step failed, or a note.</summary>
    public string? Detail { get; init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Kind).Append(' ').Append(Owner).Append(' ').Append(Type.ToText()).Append(" [").Append(Status).Append(']');
        if (!KeyTags.IsDefaultOrEmpty)
        {
            sb.Append(" keys ").Append(string.Join(',', KeyTags));
        }

        if (Detail is not null)
        {
            sb.Append(": ").Append(Detail);
        }

        return sb.ToString();
    }
}
