using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Records;

public class DsRdataTests
{
    /// <summary>The DS and CDS rows of dnspython's presentation-format vectors: verdict, type, rdata, note.</summary>
    public static TheoryData<string, string, string, string> DnspythonParseVectors()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (string line in File.ReadLines(TestFiles.PathOf("dnspython", "ds-parse-vectors.tsv")))
        {
            string[] f = line.Split('\t');
            if (line.StartsWith('#') || f[0] == "verdict" || f[1] is not ("DS" or "CDS"))
            {
                continue;
            }

            data.Add(f[0], f[1], f[2], f[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DnspythonParseVectors))]
    public void Parse_DnspythonVectors_AcceptOrReject(string verdict, string type, string rdata, string note)
    {
        RecordType recordType = type == "DS" ? RecordType.DS : RecordType.CDS;
        if (verdict == "ACCEPT")
        {
            Rdata parsed = RdataAssert.RoundTrips(recordType, rdata);
            Assert.True(parsed is DsRdata or CdsRdata, note);
        }
        else if (note.StartsWith("digest too ", StringComparison.Ordinal) && !note.EndsWith("type 0", StringComparison.Ordinal))
        {
            // Deliberate deviation from dnspython: a digest length that does not fit its type decodes, and the validator
            // ignores that DS as unusable (RFC 6840 §5.2) instead of rejecting the whole message.
            var parsed = Assert.IsAssignableFrom<DelegationSignerRdata>(RdataAssert.RoundTrips(recordType, rdata));
            Assert.False(parsed.HasExpectedDigestLength, note);
        }
        else
        {
            RdataAssert.TextIsMalformed(recordType, rdata);
        }
    }

    [Fact]
    public void Parse_AlgorithmMnemonic_EqualsNumber()
    {
        Rdata mnemonic = RdataAssert.Parse(RecordType.DS, "57349 RSASHA1 2 53A79A3E7488AB44FFC56B2D1109F0699D1796DD977E72108B841F96 E47D7013");
        Rdata number = RdataAssert.Parse(RecordType.DS, "57349 5 2 53a79a3e7488ab44ffc56b2d1109f0699d1796dd977e72108b841f96e47d7013");
        Assert.Equal(number, mnemonic);
        var ds = Assert.IsType<DsRdata>(mnemonic);
        Assert.Equal(57349, ds.KeyTag);
        Assert.Equal(DnssecAlgorithm.RsaSha1, ds.Algorithm);
        Assert.Equal(DigestType.Sha256, ds.DigestType);
        Assert.Equal(32, ds.Digest.Length);
        Assert.Equal("57349 5 2 53A79A3E7488AB44FFC56B2D1109F0699D1796DD977E72108B841F96E47D7013", ds.ToString());
    }

    [Fact]
    public void Decode_WireFields_AreReadInOrder()
    {
        var ds = Assert.IsType<DsRdata>(RdataRegistry.Decode(RecordType.DS, Convert.FromHexString("E00508" + "02" + new string('A', 64))));
        Assert.Equal(0xE005, ds.KeyTag);
        Assert.Equal(DnssecAlgorithm.RsaSha256, ds.Algorithm);
        Assert.Equal(DigestType.Sha256, ds.DigestType);
        Assert.All(ds.Digest.ToArray(), b => Assert.Equal(0xAA, b));
    }

    [Theory]
    [InlineData("E005", "truncated before algorithm")]
    [InlineData("E00508", "truncated before digest type")]
    [InlineData("E0050802", "no digest")]
    [InlineData("E0050800AABB", "reserved digest type 0")]
    public void Decode_Malformed_IsFormatError(string hex, string because)
    {
        _ = because;
        RdataAssert.WireIsMalformed(RecordType.DS, hex);
    }

    [Theory]
    [InlineData("57349 5 2")]
    [InlineData("57349 5 2 XYZ")]
    [InlineData("65536 5 2 AA")]
    [InlineData("57349 NOTANALGORITHM 2 AA")]
    [InlineData("0 0 0 00")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.DS, rdata);

    [Fact]
    public void Decode_DigestLengthNotFittingType_DecodesAsUnusable()
    {
        // RFC 6840 §5.2: such a DS is unusable, not a reason to reject the whole message.
        var ds = Assert.IsType<DsRdata>(RdataRegistry.Decode(RecordType.DS, Convert.FromHexString("E0050802AABB")));
        Assert.Equal(DigestType.Sha256, ds.DigestType);
        Assert.False(ds.HasExpectedDigestLength);
    }

    [Fact]
    public void Parse_DigestLengthNotFittingType_RoundTripsAsUnusable()
    {
        var ds = Assert.IsType<DsRdata>(RdataAssert.RoundTrips(RecordType.DS, "1 13 1 " + new string('A', 64)));
        Assert.Equal(32, ds.Digest.Length);
        Assert.False(ds.HasExpectedDigestLength);
    }

    [Fact]
    public void Constructor_DigestOfTypeLength_HasExpectedLength() =>
        Assert.True(new DsRdata(1, DnssecAlgorithm.EcdsaP256Sha256, DigestType.Sha1, new byte[20]).HasExpectedDigestLength);

    [Fact]
    public void UnknownDigestType_KeepsDigestOfAnyLength()
    {
        var ds = Assert.IsType<DsRdata>(RdataAssert.RoundTrips(RecordType.DS, "1 13 99 0102"));
        Assert.Equal((DigestType)99, ds.DigestType);
        Assert.Equal([1, 2], ds.Digest.ToArray());
    }
}
