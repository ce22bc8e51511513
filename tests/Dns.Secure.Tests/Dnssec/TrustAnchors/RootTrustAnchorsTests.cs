using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.TrustAnchors;

public class RootTrustAnchorsTests
{
    // The root KSK-2017 as served by the root zone (captured in the NLnet Labs suite, fwd_val_cname_sibling.rpl).
    private const string Ksk2017Dnskey = ". 172655 IN DNSKEY 257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexT BAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq 7HrxRixHlFlExOLAJr5emLvN7SWXgnLh 4+B5xQlNVz8Og8kvArMtNROxVQuCaSnI DdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLr jyBxWezF0jLHwVN8efS3rCj/EWgvIWgb 9tarpVUDK/b58Da+sqqls3eNbuv7pr+e oZG+SrDK6nWeL3c6H5Apxz7LjVc1uTId sIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6 +cn8HFRm+2hM8AnXGXws9555KrUB5qih ylGa8subX2Nn6UwNR1AkUTV74bU=";

    [Fact]
    public void Ksk2017_DigestMatchesTheRootKsk()
    {
        var key = (DnskeyRdata)ResourceRecord.Parse(Ksk2017Dnskey).Data;
        Assert.Equal(RootTrustAnchors.Ksk2017.KeyTag, key.KeyTag);
        Assert.True(DsDigest.Matches(DigestType.Sha256, DomainName.Root, key.ToWire(), RootTrustAnchors.Ksk2017.Digest.Span));
        Assert.False(DsDigest.Matches(DigestType.Sha256, DomainName.Root, key.ToWire(), RootTrustAnchors.Ksk2024.Digest.Span));
    }

    [Fact]
    public void Anchor_IsRootWithBothKeyTags()
    {
        Assert.Equal(DomainName.Root, RootTrustAnchors.Anchor.Zone);
        Assert.Equal([20326, 38696], RootTrustAnchors.Anchor.Ds.Select(d => (int)d.KeyTag).Order());
        Assert.All(RootTrustAnchors.All, d => Assert.Equal(DnssecAlgorithm.RsaSha256, d.Algorithm));
    }
}
