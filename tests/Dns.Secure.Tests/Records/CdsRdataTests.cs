using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class CdsRdataTests
{
    [Fact]
    public void Rfc8078DeleteForm_IsDelete()
    {
        var cds = Assert.IsType<CdsRdata>(RdataAssert.RoundTrips(RecordType.CDS, "0 0 0 00"));
        Assert.True(cds.IsDelete);
        Assert.Equal("0 0 0 00", cds.ToString());
        Assert.Equal("0000000000", Convert.ToHexString(cds.ToWire()));
    }

    [Fact]
    public void OrdinaryCds_IsNotDeleteAndDiffersFromDsOnlyInType()
    {
        const string rdata = "57349 5 2 53A79A3E7488AB44FFC56B2D1109F0699D1796DD977E72108B841F96E47D7013";
        var cds = Assert.IsType<CdsRdata>(RdataAssert.RoundTrips(RecordType.CDS, rdata));
        Rdata ds = RdataAssert.Parse(RecordType.DS, rdata);
        Assert.False(cds.IsDelete);
        Assert.Equal(ds.ToWire(), cds.ToWire());
        Assert.NotEqual(ds, (Rdata)cds);
        Assert.Equal(DigestType.Sha256, cds.DigestType);
    }

    [Fact]
    public void Decode_DigestLengthNotFittingType_DecodesAsUnusable()
    {
        var cds = Assert.IsType<CdsRdata>(RdataRegistry.Decode(RecordType.CDS, Convert.FromHexString("E0050D02AABB")));
        Assert.False(cds.HasExpectedDigestLength);
        Assert.False(cds.IsDelete);
        Assert.Equal("57349 13 2 AABB", RdataAssert.RoundTrips(RecordType.CDS, "57349 13 2 AABB").ToString());
    }

    [Theory]
    [InlineData("0000000001")]
    [InlineData("0001000000")]
    [InlineData("00000000")]
    [InlineData("000000000000")]
    public void Decode_DigestType0OutsideDeleteForm_IsFormatError(string hex) => RdataAssert.WireIsMalformed(RecordType.CDS, hex);

    [Theory]
    [InlineData("1 0 0 00")]
    [InlineData("0 0 0 01")]
    [InlineData("0 0 0")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.CDS, rdata);
}
