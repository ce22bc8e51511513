using System.Collections.Immutable;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.TrustAnchors;

/// <summary>
/// The IANA root zone key-signing keys as DS records, from https://data.iana.org/root-anchors/root-anchors.xml:
/// KSK-2017 (key tag 20326, valid from 2017-02-02) and KSK-2024 (key tag 38696, valid from 2024-07-18).
/// Both are carried so that the KSK-2024 rollover needs no software update.
/// </summary>
public static class RootTrustAnchors
{
    /// <summary>KSK-2017: <c>. IN DS 20326 8 2 E06D44B8…</c>.</summary>
    public static DsRdata Ksk2017 { get; } = new(20326, DnssecAlgorithm.RsaSha256, DigestType.Sha256,
        Convert.FromHexString("E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"));

    /// <summary>KSK-2024: <c>. IN DS 38696 8 2 683D2D0A…</c>.</summary>
    public static DsRdata Ksk2024 { get; } = new(38696, DnssecAlgorithm.RsaSha256, DigestType.Sha256,
        Convert.FromHexString("683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"));

    /// <summary>Both root anchors.</summary>
    public static ImmutableArray<DsRdata> All { get; } = [Ksk2017, Ksk2024];

    /// <summary>The root trust anchor holding <see cref="All"/>.</summary>
    public static TrustAnchor Anchor { get; } = new(DomainName.Root, All);
}
