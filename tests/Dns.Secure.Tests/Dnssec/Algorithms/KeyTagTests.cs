using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class KeyTagTests
{
    [Theory]
    [MemberData(nameof(PublishedSignatureVectors.Names), MemberType = typeof(PublishedSignatureVectors))]
    public void Compute_PublishedExampleKey_MatchesRrsigKeyTag(string name)
    {
        SignatureVector v = PublishedSignatureVectors.Get(name);
        byte[] rdata = [(byte)(v.Flags >> 8), (byte)v.Flags, 3, (byte)v.Algorithm, .. v.PublicKey];

        Assert.Equal(v.KeyTag, KeyTag.Compute(rdata));
    }

    [Fact]
    public void Compute_Rfc4034DsExampleKey_Is60485()
    {
        Assert.Equal(60485, KeyTag.Compute(DsDigestTests.Rfc4034DskeyRdata));
    }

    [Theory]
    // dnspython rsamd5 example keys (RFC 4034 App. B.1 rule): KSK 30239, ZSK 62992.
    [InlineData(257, "AwEAAewnoEWe+AVEnQzcZTwpl8K/QKuScYIX9xHOhejAL1enMjE0j97Gq3XXJJPWF7eQQGHs1De4Srv2UT0zRCLkH9r36lOR/ggANvthO/UbEs0hlD3A58LumEPudgIDwEkxGvQAXMFTMw0x1d/a82UtzmNoPVzFOl2r+OCXx9Jbdh/L", 30239)]
    [InlineData(256, "AwEAAb8OJM5YcqaYG0fenUdRlrhBQ6LuwCvr5BRlrVbVzadSDBpq+yIiklfdGNBg3WZztDy1du62NWC/olMfc6uRe/SjqTa7IJ3MdEuZQXQwMedGdNSF73zbokx8wg7zBBr74xHczJcEpQhrZLzwCDmIPu0yoVi3Yqdl4dm4vNBj9hAD", 62992)]
    public void Compute_RsaMd5Key_UsesModulusOctets(ushort flags, string key, int expected)
    {
        Assert.Equal(expected, KeyTag.Compute(RawSigningInput.Dnskey(flags, DnssecAlgorithm.RsaMd5, key)));
    }

    [Fact]
    public void Compute_OddLengthRdata_CountsLastOctetAsHighByte()
    {
        // RFC 4034 App. B: octet i is the high byte when i is even.
        Assert.Equal(0x0100 + 0x0308 + 0x0100, KeyTag.Compute([1, 0, 3, 8, 1]));
    }
}
