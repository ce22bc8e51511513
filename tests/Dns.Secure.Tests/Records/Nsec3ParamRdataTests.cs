using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class Nsec3ParamRdataTests
{
    [Fact]
    public void Rfc5155AppendixAParameters_RoundTrip()
    {
        var param = Assert.IsType<Nsec3ParamRdata>(RdataAssert.RoundTrips(RecordType.NSEC3PARAM, "1 0 12 aabbccdd"));
        Assert.Equal(Nsec3HashAlgorithm.Sha1, param.HashAlgorithm);
        Assert.Equal(0, param.Flags);
        Assert.Equal(12, param.Iterations);
        Assert.Equal("01" + "00" + "000C" + "04" + "AABBCCDD", Convert.ToHexString(param.ToWire()));
        Assert.Equal("1 0 12 AABBCCDD", param.ToString());
    }

    [Fact]
    public void EmptySalt_IsDash()
    {
        var param = Assert.IsType<Nsec3ParamRdata>(RdataAssert.RoundTrips(RecordType.NSEC3PARAM, "1 0 0 -"));
        Assert.Equal("0100000000", Convert.ToHexString(param.ToWire()));
        Assert.Equal("1 0 0 -", param.ToString());
    }

    [Theory]
    [InlineData("0100")]
    [InlineData("01000000")]
    [InlineData("0100000002AA")]
    [InlineData("0100000001AABB")]
    public void Decode_Malformed_IsFormatError(string hex) => RdataAssert.WireIsMalformed(RecordType.NSEC3PARAM, hex);

    [Theory]
    [InlineData("1 0 12")]
    [InlineData("1 0 12 9F1AB450CF71D")]
    [InlineData("1 0 12 AABB CC")]
    [InlineData("1 0 12 XYZW")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.NSEC3PARAM, rdata);
}
