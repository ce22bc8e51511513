using DnsSecure.Transport.EventLoop;

namespace DnsSecure.Tests.Transport;

/// <summary>
/// How many UDP event loops start: the AppContext data <c>DnsSecure.Transport.UdpEventLoopCount</c> when it is a usable
/// integer, min(processors, 4) otherwise. The loops start once per process, so the choice is tested as a unit.
/// </summary>
public sealed class UdpEventLoopsTests
{
    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(6, 2, 6)]
    [InlineData(UdpEventLoops.MaxConfiguredLoops, 2, UdpEventLoops.MaxConfiguredLoops)]
    public void ChooseLoopCount_IntegerFromSetData_IsUsed(int configured, int processors, int expected) =>
        Assert.Equal(expected, UdpEventLoops.ChooseLoopCount(configured, processors));

    [Theory]
    [InlineData("1", 8, 1)]
    [InlineData(" 3 ", 8, 3)]
    [InlineData("2", 16, 2)]
    public void ChooseLoopCount_StringFromRuntimeConfig_IsParsed(string configured, int processors, int expected) =>
        Assert.Equal(expected, UdpEventLoops.ChooseLoopCount(configured, processors));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 4)]
    [InlineData(16, 4)]
    public void ChooseLoopCount_NotConfigured_IsProcessorsUpToFour(int processors, int expected) =>
        Assert.Equal(expected, UdpEventLoops.ChooseLoopCount(null, processors));

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
        Assert.Equal(2, UdpEventLoops.ChooseLoopCount(configured, 2));

    [Fact]
    public void ChooseLoopCount_UnusableValues_FallBackToTheDefault()
    {
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(0, 3));
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(-4, 3));
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(UdpEventLoops.MaxConfiguredLoops + 1, 3));
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(2.0, 3));
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(true, 3));
    }

    [Fact]
    public void ChooseLoopCount_LongFromSetData_IsUsedWhenInRange()
    {
        Assert.Equal(1, UdpEventLoops.ChooseLoopCount(1L, 4));
        Assert.Equal(3, UdpEventLoops.ChooseLoopCount(long.MaxValue, 3)); // out of range: the default
    }

    [Fact]
    public void LoopCountData_IsTheDocumentedName() =>
        Assert.Equal("DnsSecure.Transport.UdpEventLoopCount", UdpEventLoops.LoopCountData);
}
