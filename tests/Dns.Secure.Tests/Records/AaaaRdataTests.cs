using System.Net;
using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

public class AaaaRdataTests
{
    // Any RFC 4291 §2.2 form in, RFC 5952 form out.
    [Theory]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]          // first of two equal runs (RFC 5952 §4.2.3)
    [InlineData("2001:0:0:1:0:0:0:1", "2001:0:0:1::1")]                 // longest run (RFC 5952 §4.2.3)
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]        // a single zero group is not shortened (§4.2.2)
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1")]                // IPv4-mapped (RFC 5952 §5)
    [InlineData("::ffff:c000:0201", "::ffff:192.0.2.1")]
    [InlineData("::c000:201", "::c000:201")]                            // IPv4-compatible is not mixed notation
    [InlineData("2001:db8::192.0.2.1", "2001:db8::c000:201")]
    [InlineData("FE80::ABCD", "fe80::abcd")]
    public void Parse_AnyForm_PrintsRfc5952Form(string text, string expected)
    {
        Rdata data = ParseData("AAAA", text);
        Assert.Equal(expected, data.ToString());
        Assert.Equal(IPAddress.Parse(text), Assert.IsType<AaaaRdata>(data).Address);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("fe80::1%1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("2001:db8::/32")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("2001:db8:::1")]
    [InlineData("12345::")]
    [InlineData("g::1")]
    public void Parse_NotIpv6_IsFormatError(string text) => Assert.Throws<DnsFormatException>(() => ParseData("AAAA", text));

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void Decode_NotSixteenOctets_IsFormatError(int length) =>
        Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.AAAA, new byte[length]));
}
