using DnsSecure.Edns;
using static DnsSecure.Tests.Edns.EdnsTestHelpers;

namespace DnsSecure.Tests.Edns;

public class PaddingOptionTests
{
    [Fact]
    public void Encode_WritesZerosOfTheLength()
    {
        byte[] data = new PaddingOption(100).ToData();
        Assert.Equal(100, data.Length);
        Assert.All(data, b => Assert.Equal(0, b));
        Assert.Equal(100, Assert.IsType<PaddingOption>(RoundTrip(new PaddingOption(100))).Length);
    }

    [Fact]
    public void Decode_NonZeroContent_IsAcceptedAndKeepsLength()
    {
        // RFC 7830 §3: padding octets of any value MUST be accepted.
        DnsMessage m = DnsMessage.Decode(QueryWithOption(12, [0xFF, 1, 2]));
        Assert.Equal(3, Assert.IsType<PaddingOption>(Assert.Single(m.Edns!.Options)).Length);
    }

    [Fact]
    public void Empty_IsValid_AndPrintsLikeDig()
    {
        Assert.Equal(0, Assert.IsType<PaddingOption>(RoundTrip(new PaddingOption(0))).Length);
        Assert.Equal("PAD: (12 bytes)", new PaddingOption(12).ToString());
    }
}
