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

    [Fact]
    public void Select_NoBand_FastestFirstThenUnknownThenBackedOff()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(B.EndPoint, TimeSpan.FromMilliseconds(20));
        cache.RecordRtt(C.EndPoint, TimeSpan.FromMilliseconds(5));
        cache.RecordFailure(C.EndPoint, TimeSpan.FromSeconds(1), backoff: TimeSpan.FromSeconds(30));

        Assert.Equal([B.EndPoint, A.EndPoint, C.EndPoint], cache.Select([A.EndPoint, B.EndPoint, C.EndPoint], TimeSpan.Zero, random: null));
    }

    [Fact]
    public void Select_WithinTheBand_PicksAtRandomAndOutsideItAfterwards()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(10));
        cache.RecordRtt(B.EndPoint, TimeSpan.FromMilliseconds(30));
        cache.RecordRtt(C.EndPoint, TimeSpan.FromMilliseconds(900));
        var random = new Random(7);
        var firsts = new HashSet<IPEndPoint>();
        for (int i = 0; i < 64; i++)
        {
            List<IPEndPoint> order = cache.Select([A.EndPoint, B.EndPoint, C.EndPoint], TimeSpan.FromMilliseconds(400), random);
            Assert.Equal(C.EndPoint, order[2]);
            firsts.Add(order[0]);
        }

        Assert.Equal([A.EndPoint, B.EndPoint], firsts.OrderBy(e => e.ToString()));
    }

    [Fact]
    public void Select_AfterTheBackOff_TheServerIsProbedAsIfUnknown()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(500));
        cache.RecordFailure(B.EndPoint, TimeSpan.FromSeconds(1), backoff: TimeSpan.FromSeconds(30));
        Assert.True(cache.IsBackedOff(B.EndPoint));

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.False(cache.IsBackedOff(B.EndPoint));
        Assert.Equal([B.EndPoint, A.EndPoint], cache.Select([A.EndPoint, B.EndPoint], TimeSpan.Zero, random: null));
    }

    [Fact]
    public void RecordFailure_Repeated_DoublesTheBackOff()
    {
        ServerInfrastructureCache cache = New();
        cache.RecordFailure(A.EndPoint, TimeSpan.FromSeconds(1), backoff: TimeSpan.FromSeconds(10));
        cache.RecordFailure(A.EndPoint, TimeSpan.FromSeconds(1), backoff: TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(cache.IsBackedOff(A.EndPoint));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(cache.IsBackedOff(A.EndPoint));
    }

    [Fact]
    public void Entries_UnusedForTheirLifetime_AreForgotten()
    {
        var cache = new ServerInfrastructureCache(_clock, TimeSpan.Zero, TimeSpan.FromSeconds(10), maxEntries: 100, entryLifetime: TimeSpan.FromMinutes(5));
        cache.RecordRtt(A.EndPoint, TimeSpan.FromMilliseconds(80));

        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(0, cache.GetSrtt(A.EndPoint));
    }

    [Fact]
    public void Entries_AreBounded()
    {
        var cache = new ServerInfrastructureCache(_clock, TimeSpan.Zero, TimeSpan.FromSeconds(10), maxEntries: 16);
        for (int i = 0; i < 1000; i++)
        {
            cache.RecordRtt(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1000 + i), TimeSpan.FromMilliseconds(5));
        }

        Assert.InRange(cache.Count, 1, 16);
    }

    private ServerInfrastructureCache New() => new(_clock, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(10));
}
