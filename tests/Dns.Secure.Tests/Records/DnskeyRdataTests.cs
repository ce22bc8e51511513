using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class DnskeyRdataTests
{
    // RFC 4034 §2.3 example key; the RFC 4034 §3.3 RRSIG made with it carries key tag 2642.
    private const string Rfc4034Section23Key =
        "256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3 Cbl+BBZH4b/0PY1kxkmvHjcZc8no kfzj31GajIQKY+5CptLr3buXA10h " +
        "WqTkF7H6RfoRqXQeogmMHfpftf6z Mv1LyBUgia7za6ZEzOJBOztyvhjL 742iU/TpPSEDhm2SNKLijfUppn1U aNvv4w==";

    [Fact]
    public void Rfc4034Section23Example_HasKeyTag2642AndIsAZoneKey()
    {
        var key = Assert.IsType<DnskeyRdata>(RdataAssert.RoundTrips(RecordType.DNSKEY, Rfc4034Section23Key));
        Assert.Equal(2642, key.KeyTag);
        Assert.Equal(256, key.Flags);
        Assert.Equal(3, key.Protocol);
        Assert.Equal(DnssecAlgorithm.RsaSha1, key.Algorithm);
        Assert.True(key.IsZoneKey);
        Assert.False(key.IsSecureEntryPoint);
        Assert.False(key.IsRevoked);
    }

    [Fact]
    public void RsaMd5Keys_UseTheAppendixB1Rule()
    {
        // dnspython's RSAMD5 vectors: the RRSIG's key tag and the README's tags follow RFC 4034 App. B.1.
        List<ResourceRecord> records = TestFiles.ReadDnspythonRecords("rsamd5-example.zone", RecordType.DNSKEY, RecordType.RRSIG);
        ushort[] tags = records.Select(r => r.Data).OfType<DnskeyRdata>().Select(k => k.KeyTag).ToArray();
        Assert.Equal([30239, 62992], tags);
        Assert.Contains(records.Select(r => r.Data).OfType<RrsigRdata>().Single().KeyTag, tags);
        // The general checksum gives a different tag for the same RDATA under another algorithm number.
        var asRsaSha1 = (DnskeyRdata)records[0].Data;
        Assert.NotEqual(new DnskeyRdata(asRsaSha1.Flags, 3, DnssecAlgorithm.RsaSha1, asRsaSha1.PublicKey).KeyTag, asRsaSha1.KeyTag);
    }

    [Theory]
    [InlineData("ds-digests.zone")]
    [InlineData("ed25519-example-com.key1.zone")]
    [InlineData("ecdsap256-example.zone")]
    [InlineData("wildcard-example-com.zone")]
    public void KeyTag_MatchesTheTagsTheVectorsUse(string file)
    {
        List<ResourceRecord> records = TestFiles.ReadDnspythonRecords(file, RecordType.DNSKEY, RecordType.DS, RecordType.RRSIG);
        var computed = records.Select(r => r.Data).OfType<DnskeyRdata>().Select(k => k.KeyTag).ToHashSet();
        var referenced = records.Select(r => r.Data switch
        {
            DsRdata ds => ds.KeyTag,
            RrsigRdata sig => sig.KeyTag,
            _ => (ushort?)null,
        }).OfType<ushort>().ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, tag => Assert.Contains(tag, computed));
    }

    [Theory]
    [InlineData(257, true, true, false)]
    [InlineData(256, true, false, false)]
    [InlineData(385, true, true, true)]
    [InlineData(1, false, true, false)]
    public void Flags_AreDecodedByBit(ushort flags, bool zone, bool sep, bool revoked)
    {
        var key = new DnskeyRdata(flags, 3, DnssecAlgorithm.Ed25519, new byte[32]);
        Assert.Equal(zone, key.IsZoneKey);
        Assert.Equal(sep, key.IsSecureEntryPoint);
        Assert.Equal(revoked, key.IsRevoked);
    }

    [Fact]
    public void Revoking_ChangesTheKeyTag()
    {
        // RFC 5011 §7: the REVOKE bit is part of the RDATA, so the revoked key has another tag.
        var key = (DnskeyRdata)RdataAssert.Parse(RecordType.DNSKEY, "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=");
        var revoked = new DnskeyRdata((ushort)(key.Flags | 0x80), key.Protocol, key.Algorithm, key.PublicKey);
        Assert.True(revoked.IsRevoked);
        Assert.NotEqual(key.KeyTag, revoked.KeyTag);
    }

    [Fact]
    public void EmptyPublicKey_RoundTrips()
    {
        var key = Assert.IsType<DnskeyRdata>(RdataAssert.RoundTrips(RecordType.DNSKEY, "256 3 253"));
        Assert.Equal(0, key.PublicKey.Length);
        Assert.Equal(DnssecAlgorithm.PrivateDns, key.Algorithm);
    }

    [Fact]
    public void Parse_AlgorithmMnemonic_EqualsNumber() =>
        Assert.Equal(
            RdataAssert.Parse(RecordType.DNSKEY, "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="),
            RdataAssert.Parse(RecordType.DNSKEY, "257 3 ED25519 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="));

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("0101")]
    [InlineData("010103")]
    public void Decode_Truncated_IsFormatError(string hex) => RdataAssert.WireIsMalformed(RecordType.DNSKEY, hex);

    [Theory]
    [InlineData("257 3")]
    [InlineData("65536 3 8 AwEAAQ==")]
    [InlineData("257 256 8 AwEAAQ==")]
    [InlineData("257 3 8 not*base64")]
    [InlineData("257 3 RSASHA257 AwEAAQ==")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.DNSKEY, rdata);
}
