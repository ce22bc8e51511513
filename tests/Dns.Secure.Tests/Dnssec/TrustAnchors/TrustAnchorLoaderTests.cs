using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Dnssec.TrustAnchors;

public class TrustAnchorLoaderTests
{
    // The layout of https://data.iana.org/root-anchors/root-anchors.xml (RFC 9718), with the retired KSK-2010 entry.
    private const string RootAnchorsXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <TrustAnchor id="test" source="http://data.iana.org/root-anchors/root-anchors.xml">
        <Zone>.</Zone>
        <KeyDigest id="Klajeyz" validFrom="2010-07-15T00:00:00+00:00" validUntil="2019-01-11T00:00:00+00:00">
        <KeyTag>19036</KeyTag>
        <Algorithm>8</Algorithm>
        <DigestType>2</DigestType>
        <Digest>49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5</Digest>
        </KeyDigest>
        <KeyDigest id="Kjqmt7v" validFrom="2017-02-02T00:00:00+00:00">
        <KeyTag>20326</KeyTag>
        <Algorithm>8</Algorithm>
        <DigestType>2</DigestType>
        <Digest>E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D</Digest>
        </KeyDigest>
        <KeyDigest id="Kmyv6jo" validFrom="2024-07-18T00:00:00+00:00">
        <KeyTag>38696</KeyTag>
        <Algorithm>8</Algorithm>
        <DigestType>2</DigestType>
        <Digest>683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16</Digest>
        </KeyDigest>
        </TrustAnchor>
        """;

    [Fact]
    public void ParseIanaXml_Today_KeepsTheTwoCurrentKeys()
    {
        TrustAnchor anchor = TrustAnchorLoader.ParseIanaXml(RootAnchorsXml, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))!;
        Assert.Equal(DomainName.Root, anchor.Zone);
        Assert.Equal(RootTrustAnchors.All.OrderBy(d => d.KeyTag), anchor.Ds.OrderBy(d => d.KeyTag));
    }

    [Fact]
    public void ParseIanaXml_In2018_KeepsKsk2010AndKsk2017()
    {
        TrustAnchor anchor = TrustAnchorLoader.ParseIanaXml(RootAnchorsXml, new DateTimeOffset(2018, 6, 1, 0, 0, 0, TimeSpan.Zero))!;
        Assert.Equal([19036, 20326], anchor.Ds.Select(d => (int)d.KeyTag).Order());
    }

    [Fact]
    public void ParseIanaXml_BeforeAnyKey_ReturnsNull() =>
        Assert.Null(TrustAnchorLoader.ParseIanaXml(RootAnchorsXml, new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("<TrustAnchor><KeyDigest validFrom=\"2010-01-01T00:00:00Z\"/></TrustAnchor>")]
    [InlineData("<Other/>")]
    [InlineData("<TrustAnchor><Zone>.</Zone>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><TrustAnchor><Zone>&e;</Zone></TrustAnchor>")]
    public void ParseIanaXml_Malformed_Throws(string xml) =>
        Assert.Throws<DnsFormatException>(() => TrustAnchorLoader.ParseIanaXml(xml, DateTimeOffset.UnixEpoch));

    [Fact]
    public void ParsePresentation_DsAndDnskeyForTwoZones_GroupsByZone()
    {
        const string text = """
            . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
            ; a private root
            corp.example. 3600 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==
            . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
            """;
        IReadOnlyList<TrustAnchor> anchors = TrustAnchorLoader.ParsePresentation(text);
        Assert.Equal(2, anchors.Count);
        Assert.Equal(2, anchors[0].Ds.Length);
        Assert.Equal(DomainName.Parse("corp.example."), anchors[1].Zone);
        Assert.Single(anchors[1].Dnskeys);
    }

    [Fact]
    public void ParsePresentation_OtherType_Throws() =>
        Assert.Throws<DnsFormatException>(() => TrustAnchorLoader.ParsePresentation("example. IN A 192.0.2.1"));
}
