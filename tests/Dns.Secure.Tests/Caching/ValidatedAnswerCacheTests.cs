using DnsSecure.Caching;
using DnsSecure.Tests.TestSupport;

namespace DnsSecure.Tests.Caching;

public sealed class ValidatedAnswerCacheTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void TryGet_BeforeExpiry_ReturnsTheStoredInstance()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        string value = new('x', 3);
        cache.Set(Key("www.example."), value, TimeSpan.FromSeconds(60));

        _clock.Advance(TimeSpan.FromSeconds(59));

        Assert.True(cache.TryGet(Key("www.example."), out string? hit));
        Assert.Same(value, hit);
    }

    [Fact]
    public void TryGet_AtExpiry_MissesAndRemovesTheEntry()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("www.example."), "a", TimeSpan.FromSeconds(60));

        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.False(cache.TryGet(Key("www.example."), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryGet_NameInOtherCase_Hits()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("WWW.Example."), "a", TimeSpan.FromSeconds(60));

        // RFC 4343 §3: names compare case-insensitively.
        Assert.True(cache.TryGet(Key("www.EXAMPLE."), out string? hit));
        Assert.Equal("a", hit);
    }

    [Fact]
    public void TryGet_OtherType_Misses()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("www.example.", RecordType.A), "a", TimeSpan.FromSeconds(60));

        Assert.False(cache.TryGet(Key("www.example.", RecordType.AAAA), out _));
    }

    [Fact]
    public void Set_SameKeyTwice_ReplacesWithoutGrowing()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("www.example."), "old", TimeSpan.FromSeconds(60));
        cache.Set(Key("WWW.example."), "new", TimeSpan.FromSeconds(60));

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Key("www.example."), out string? hit));
        Assert.Equal("new", hit);
    }

    [Fact]
    public void Set_ZeroLifetime_StoresNothing()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("www.example."), "a", TimeSpan.Zero);

        Assert.False(cache.TryGet(Key("www.example."), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Set_PastCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new ValidatedAnswerCache<string>(4, _clock);
        for (int i = 0; i < 4; i++)
        {
            cache.Set(Key($"h{i}.example."), $"v{i}", TimeSpan.FromSeconds(60));
        }

        // h0 is used again, so h1 and h2 are now the oldest.
        Assert.True(cache.TryGet(Key("h0.example."), out _));
        cache.Set(Key("h4.example."), "v4", TimeSpan.FromSeconds(60));

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(Key("h0.example."), out _));
        Assert.False(cache.TryGet(Key("h1.example."), out _));
        Assert.False(cache.TryGet(Key("h2.example."), out _));
        Assert.True(cache.TryGet(Key("h3.example."), out _));
        Assert.True(cache.TryGet(Key("h4.example."), out _));
    }

    [Fact]
    public void Set_PastCapacity_EvictsExpiredEntriesFirst()
    {
        var cache = new ValidatedAnswerCache<string>(3, _clock);
        cache.Set(Key("short.example."), "s", TimeSpan.FromSeconds(5));
        cache.Set(Key("a.example."), "a", TimeSpan.FromSeconds(60));
        cache.Set(Key("b.example."), "b", TimeSpan.FromSeconds(60));
        _clock.Advance(TimeSpan.FromSeconds(10));

        cache.Set(Key("c.example."), "c", TimeSpan.FromSeconds(60));

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(Key("a.example."), out _));
        Assert.True(cache.TryGet(Key("b.example."), out _));
        Assert.True(cache.TryGet(Key("c.example."), out _));
    }

    [Fact]
    public void Set_ConcurrentWritersPastCapacity_StayBounded()
    {
        var cache = new ValidatedAnswerCache<string>(64, _clock);

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            cache.Set(Key($"h{i}.example."), "v", TimeSpan.FromSeconds(60));
            cache.TryGet(Key($"h{i / 2}.example."), out _);
        });

        Assert.InRange(cache.Count, 1, cache.Capacity);
    }

    [Fact]
    public void Clear_RemovesEverything()
    {
        var cache = new ValidatedAnswerCache<string>(10, _clock);
        cache.Set(Key("a.example."), "a", TimeSpan.FromSeconds(60));
        cache.Set(Key("b.example."), "b", TimeSpan.FromSeconds(60));

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Key("a.example."), out _));
    }

    private static QuestionKey Key(string name, RecordType type = RecordType.A) => new(DomainName.Parse(name), type);
}
