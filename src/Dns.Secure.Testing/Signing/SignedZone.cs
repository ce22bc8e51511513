using System.Collections.Immutable;
using System.Text;

namespace DnsSecure.Testing.Signing;

/// <summary>The output of <see cref="ZoneSigner"/>: the zone's records with DNSKEY, RRSIG, NSEC or NSEC3 (and NSEC3PARAM)
/// added, the keys that signed it and the DS records its parent publishes.</summary>
public sealed class SignedZone
{
    internal SignedZone(DomainName origin, ImmutableArray<ResourceRecord> records, ImmutableArray<SigningKey> keys, ImmutableArray<ResourceRecord> dsRecords)
    {
        Origin = origin;
        Records = records;
        Keys = keys;
        DsRecords = dsRecords;
    }

    /// <summary>The zone apex.</summary>
    public DomainName Origin { get; }

    /// <summary>Every record of the signed zone, in canonical name order (RFC 4034 §6.1), then type order.</summary>
    public ImmutableArray<ResourceRecord> Records { get; }

    /// <summary>The keys that signed the zone (their DNSKEYs are in <see cref="Records"/>).</summary>
    public ImmutableArray<SigningKey> Keys { get; }

    /// <summary>DS records for the parent zone: one per key-signing key and digest type (RFC 4034 §5).</summary>
    public ImmutableArray<ResourceRecord> DsRecords { get; }

    /// <summary>The zone in presentation format, one record per line with absolute names, as BIND's tools read it.</summary>
    public string ToZoneText()
    {
        var sb = new StringBuilder();
        foreach (ResourceRecord record in Records)
        {
            sb.Append(record).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Origin and record count.</summary>
    public override string ToString() => $"signed zone {Origin} ({Records.Length} records, {Keys.Length} keys)";
}
