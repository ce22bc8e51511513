using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

public class ARdataTests
{
    [Theory]
    [InlineData("010.0.0.1")]   // IPAddress.TryParse reads this as octal 8.0.0.1
    [InlineData("0x7f.0.0.1")]  // ... and this as hex
    [InlineData("1.2.3")]       // ... and this as 1.2.0.3
    [InlineData("1.2.3.04")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.4.")]
    [InlineData("::1")]
    public void Parse_NotDottedDecimal_IsFormatError(string text) => Assert.Throws<DnsFormatException>(() => ParseData("A", text));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("255.255.255.255")]
    public void Parse_DottedDecimal_RoundTrips(string text) => Assert.Equal(text, ParseData("A", text).ToString());
}
