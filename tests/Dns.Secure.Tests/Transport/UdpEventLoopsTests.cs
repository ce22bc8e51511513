using DnsSecure.Transport.EventLoop;

namespace DnsSecure.Tests.Transport;

/// <summary>
/// How many UDP event loops start: the AppContext data <c>DnsSecure.Transport.UdpEventLoopCount</c> when it is a usable
/// integer, one otherwise. The loops start once per process, so the choice is tested as a unit.
/// </summary>
public sealed class UdpEventLoopsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(UdpEventLoops.MaxConfiguredLoops)]
    public void ChooseLoopCount_IntegerFromSetData_IsUsed(int configured) =>
        Assert.Equal(configured, UdpEventLoops.ChooseLoopCount(configured));

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    [InlineData("2", 2)]
    public void ChooseLoopCount_StringFromRuntimeConfig_IsParsed(string configured, int expected) =>
        Assert.Equal(expected, UdpEventLoops.ChooseLoopCount(configured));

    [Fact]
    public void ChooseLoopCount_NotConfigured_IsOneLoop() =>
        Assert.Equal(1, UdpEventLoops.ChooseLoopCount(null));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+2")]
    [InlineData("two")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("65")]
    [InlineData("99999999999")]
    public void ChooseLoopCount_UnusableString_FallsBackToTheDefault(string configured) =>
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(configured));

    [Fact]
    public void ChooseLoopCount_UnusableValues_FallBackToTheDefault()
    {
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(0));
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(-4));
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(UdpEventLoops.MaxConfiguredLoops + 1));
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(2.0));
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(true));
    }

    [Fact]
    public void ChooseLoopCount_LongFromSetData_IsUsedWhenInRange()
    {
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(3L));
        Assert.Equal(UdpEventLoops.DefaultLoopCount, UdpEventLoops.ChooseLoopCount(long.MaxValue)); // out of range: the default
    }

    [Fact]
    public void LoopCountData_IsTheDocumentedName() =>
        Assert.Equal("DnsSecure.Transport.UdpEventLoopCount", UdpEventLoops.LoopCountData);
}
