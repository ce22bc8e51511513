using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

public class CaaRdataTests
{
    [Fact]
    public void Parse_GivesFlagsTagAndValue()
    {
        var caa = Assert.IsType<CaaRdata>(ParseData("CAA", "128 issue \"ca.example.net; account=230123\""));
        Assert.True(caa.IsIssuerCritical);
        Assert.Equal("issue", caa.Tag);
        Assert.Equal("ca.example.net; account=230123"u8.ToArray(), caa.Value.ToArray());
        Assert.Equal("128 issue \"ca.example.net; account=230123\"", caa.ToString());
        Assert.Equal([128, 5, .. "issue"u8, .. "ca.example.net; account=230123"u8], caa.ToWire());
    }

    [Fact]
    public void EmptyValue_AndValueLongerThan255_AreValid()
    {
        // RFC 8659 §4.1: the value is the rest of the RDATA, not a character-string.
        Assert.Equal("0 issue \"\"", ParseData("CAA", "0 issue \"\"").ToString());
        string longValue = new('v', 300);
        Assert.Equal(300, Assert.IsType<CaaRdata>(ParseData("CAA", $"0 tbs \"{longValue}\"")).Value.Length);
    }

    [Theory]
    [InlineData("0 \"issue\" \"x\"")]
    [InlineData("0 is-sue \"x\"")]
    [InlineData("256 issue \"x\"")]
    [InlineData("0 issue")]
    [InlineData("0")]
    public void Parse_Malformed_IsFormatError(string text) => Assert.Throws<DnsFormatException>(() => ParseData("CAA", text));

    [Theory]
    [InlineData(new byte[] { 0, 0 })]                                        // empty tag
    [InlineData(new byte[] { 0, 3, (byte)'a', (byte)'-', (byte)'b' })]       // tag not alphanumeric
    [InlineData(new byte[] { 0, 5, (byte)'i' })]                             // tag past the end
    [InlineData(new byte[] { 0 })]
    public void Decode_Malformed_IsFormatError(byte[] rdata) => Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.CAA, rdata));
}
