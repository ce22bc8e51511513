using DnsSecure.Dnssec.Signatures;

namespace DnsSecure.Tests.Dnssec.Signatures;

public class SignatureTimeTests
{
    [Fact]
    public void ToDateTimeOffset_NearNow_IsExact()
    {
        var now = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var t = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(t, SignatureTime.ToDateTimeOffset(SignatureTime.FromDateTimeOffset(t), now));
    }

    [Fact]
    public void ToDateTimeOffset_AcrossThe2106Wrap_StaysNearNow()
    {
        // 2106-02-07 06:28:16 UTC is 2^32 seconds; a signature made just before expires just after the wrap.
        var now = DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue - 100L);
        var expiration = DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue + 1000L);
        uint serial = SignatureTime.FromDateTimeOffset(expiration);
        Assert.Equal(999u, serial);
        Assert.Equal(expiration, SignatureTime.ToDateTimeOffset(serial, now));
        Assert.True(SignatureTime.IsAfter(serial, SignatureTime.FromDateTimeOffset(now)));
    }

    [Theory]
    [InlineData(2u, 1u, true)]
    [InlineData(1u, 2u, false)]
    [InlineData(1u, 1u, false)]
    [InlineData(0u, uint.MaxValue, true)]
    [InlineData(0x80000001u, 1u, false)]
    public void IsAfter_UsesSerialArithmetic(uint a, uint b, bool expected) => Assert.Equal(expected, SignatureTime.IsAfter(a, b));
}
