using System.Net;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

public sealed class ServerInfrastructureCacheTests
{
    private static readonly NameServer A = NameServer.Udp(IPAddress.Parse("192.0.2.1"));
    private static readonly NameServer B = NameServer.Udp(IPAddress.Parse("192.0.2.2"));
    private static readonly NameServer C = NameServer.Udp(IPAddress.Parse("192.0.2.3"));

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Order_NothingMeasured_KeepsConfiguredOrder()
    {
        ServerInfrastructureCache cache = New();

        Assert.Equal([A, B, C], cache.Order([A, B, C], rotate: false, rotation: 0));
    }

    [Fact]
    public void Order_LowestSmoothedRttFirst()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(80));
        cache.RecordRtt(B.EndPoint, TimeSpan.FromMilliseconds(5));
        cache.RecordRtt(C.EndPoint, TimeSpan.FromMilliseconds(30));

        Assert.Equal([B, C, A], cache.Order([A, B, C], rotate: false, rotation: 0));
    }

    [Fact]
    public void Order_UnmeasuredServerIsExploredBeforeMeasuredOnes()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(5));

        Assert.Equal(B, cache.Order([A, B], rotate: false, rotation: 0)[0]);
    }

    [Fact]
    public void RecordRtt_IsSmoothed()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(100));
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(0));

        Assert.Equal(70, cache.GetSrtt(A.EndPoint), precision: 6);
    }

    [Fact]
    public void RecordFailure_DoublesAtLeastTheTimeoutAndIsCapped()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordFailure(A.EndPoint, TimeSpan.FromMilliseconds(300));
        Assert.Equal(600, cache.GetSrtt(A.EndPoint), precision: 6);

        for (int i = 0; i < 10; i++)
        {
            cache.RecordFailure(A.EndPoint, TimeSpan.FromMilliseconds(300));
        }

        Assert.Equal(10_000, cache.GetSrtt(A.EndPoint), precision: 6);
    }

    [Fact]
    public void Order_Rotate_StartsAtTheRotationIndex()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(C.EndPoint, TimeSpan.FromMilliseconds(1));

        Assert.Equal([B, C, A], cache.Order([A, B, C], rotate: true, rotation: 1));
        Assert.Equal([C, A, B], cache.Order([A, B, C], rotate: true, rotation: 2));
    }

    [Fact]
    public void EdnsUnsupported_IsRememberedUntilItExpires()
    {
        ServerInfrastructureCache cache = New();
        cache.MarkEdnsUnsupported(A.EndPoint);

        Assert.True(cache.IsEdnsUnsupported(A.EndPoint));
        Assert.False(cache.IsEdnsUnsupported(B.EndPoint));
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.False(cache.IsEdnsUnsupported(A.EndPoint));
    }

    private ServerInfrastructureCache New() => new(_clock, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(10));
}
