using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class Nsec3RdataTests
{
    // RFC 5155 Appendix A: the NSEC3 record of the apex "example." (owner 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.).
    private const string Rfc5155AppendixAApex = "1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )";

    [Fact]
    public void Rfc5155AppendixAApex_HasTheRfcFields()
    {
        var nsec3 = Assert.IsType<Nsec3Rdata>(RdataAssert.RoundTrips(RecordType.NSEC3, Rfc5155AppendixAApex));
        Assert.Equal(Nsec3HashAlgorithm.Sha1, nsec3.HashAlgorithm);
        Assert.True(nsec3.OptOut);
        Assert.Equal(12, nsec3.Iterations);
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xDD], nsec3.Salt.ToArray());
        Assert.Equal(20, nsec3.NextHashedOwnerName.Length);
        Assert.Equal("NS SOA MX RRSIG DNSKEY NSEC3PARAM", nsec3.Types.ToString());
        Assert.Equal("1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM", nsec3.ToString());
    }

    [Fact]
    public void EmptySaltAndEmptyBitmap_PrintAsDashAndNothing()
    {
        var nsec3 = Assert.IsType<Nsec3Rdata>(RdataAssert.RoundTrips(RecordType.NSEC3, "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR"));
        Assert.False(nsec3.OptOut);
        Assert.Equal(0, nsec3.Salt.Length);
        Assert.True(nsec3.Types.IsEmpty);
        Assert.Equal("1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR", nsec3.ToString());
        Assert.Equal("01" + "00" + "0000" + "00" + "14", Convert.ToHexString(nsec3.ToWire())[..12]);
    }

    [Fact]
    public void NextHashedOwnerName_IsBase32HexNotBase32()
    {
        // "MFRGG===" is base32 for "abc"; W-Z and '=' are not in the base32hex alphabet (RFC 4648 §7).
        RdataAssert.TextIsMalformed(RecordType.NSEC3, "1 0 0 - WXYZ");
        RdataAssert.TextIsMalformed(RecordType.NSEC3, "1 0 0 - MFRGG===");
        var nsec3 = (Nsec3Rdata)RdataAssert.Parse(RecordType.NSEC3, "1 0 0 - C5H66");
        Assert.Equal("abc"u8.ToArray(), nsec3.NextHashedOwnerName.ToArray());
    }

    [Fact]
    public void CanonicalForm_EqualsWireForm() =>
        Assert.Equal(
            RdataAssert.Parse(RecordType.NSEC3, Rfc5155AppendixAApex).ToWire(),
            RdataAssert.Parse(RecordType.NSEC3, Rfc5155AppendixAApex).CanonicalData.ToArray());

    [Theory]
    [InlineData("010000", "no salt length")]
    [InlineData("0100000005AABB", "salt runs past the end")]
    [InlineData("0100000000", "no hash length")]
    [InlineData("010000000000", "hash length 0")]
    [InlineData("01000000001400", "hash runs past the end")]
    [InlineData("01000000000101000100", "bitmap with a zero octet")]
    public void Decode_Malformed_IsFormatError(string hex, string because)
    {
        _ = because;
        RdataAssert.WireIsMalformed(RecordType.NSEC3, hex);
    }

    [Theory]
    [InlineData("1 0 0 -")]
    [InlineData("1 0 0 ABC 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR")]
    [InlineData("1 0 65536 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR")]
    [InlineData("1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A BOGUS")]
    [InlineData("256 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.NSEC3, rdata);
}
