using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.TrustAnchors;

/// <summary>
/// A trust anchor for one zone (RFC 4033 §2, RFC 4035 §4.4): DS records and/or DNSKEY records taken as authentic
/// without proof. The zone's DNSKEY RRset is secure when it contains a key matching one of them and is self-signed by it.
/// </summary>
public sealed record TrustAnchor
{
    /// <summary>Creates an anchor for <paramref name="zone"/>.</summary>
    /// <exception cref="ArgumentException">Neither DS nor DNSKEY data is given.</exception>
    public TrustAnchor(DomainName zone, IEnumerable<DsRdata>? ds = null, IEnumerable<DnskeyRdata>? dnskeys = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        Ds = ds is null ? [] : [.. ds];
        Dnskeys = dnskeys is null ? [] : [.. dnskeys];
        if (Ds.IsEmpty && Dnskeys.IsEmpty)
        {
            throw new ArgumentException("A trust anchor holds at least one DS or DNSKEY record.", nameof(ds));
        }
    }

    /// <summary>The zone the anchor is for.</summary>
    public DomainName Zone { get; }

    /// <summary>The DS records (digests of trusted keys).</summary>
    public ImmutableArray<DsRdata> Ds { get; }

    /// <summary>The trusted DNSKEY records themselves.</summary>
    public ImmutableArray<DnskeyRdata> Dnskeys { get; }

    /// <summary>This anchor with more DS and DNSKEY data for the same zone.</summary>
    public TrustAnchor Merge(TrustAnchor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Zone != Zone)
        {
            throw new ArgumentException($"Cannot merge the anchor for {other.Zone} into the one for {Zone}.", nameof(other));
        }

        return new TrustAnchor(Zone, Ds.Concat(other.Ds).Distinct(), Dnskeys.Concat(other.Dnskeys).Distinct());
    }

    /// <summary>The anchor as DS and DNSKEY records in presentation format, one a line.</summary>
    public override string ToString() =>
        string.Join('\n', Ds.Select(d => $"{Zone} IN DS {d}").Concat(Dnskeys.Select(k => $"{Zone} IN DNSKEY {k}")));
}
