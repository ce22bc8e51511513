using DnsSecure.Caching;

namespace DnsSecure.Tests.Caching;

public sealed class BoundedLruCacheTests
{
    [Fact]
    public void TryGet_SameOctetsInAnotherArray_Hits()
    {
        var cache = NewCache<string>(8);
        cache.GetOrAdd([1, 2, 3], "value");

        Assert.True(cache.TryGet(new byte[] { 1, 2, 3 }, out string? value));
        Assert.Equal("value", value);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 4 })]
    [InlineData(new byte[] { 1, 2 })]
    [InlineData(new byte[] { 1, 2, 3, 0 })]
    [InlineData(new byte[] { 0, 1, 2, 3 })]
    public void TryGet_KeyDifferingInOneOctetOrLength_Misses(byte[] other)
    {
        var cache = NewCache<string>(8);
        cache.GetOrAdd([1, 2, 3], "value");

        Assert.False(cache.TryGet(other, out _));
    }

    [Fact]
    public void GetOrAdd_KeyAlreadyCached_KeepsAndReturnsTheFirstValue()
    {
        var cache = NewCache<string>(8);
        cache.GetOrAdd([7], "first");

        Assert.Equal("first", cache.GetOrAdd([7], "second"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrAdd_PastCapacity_StaysBoundedAndKeepsTheRecentlyUsed()
    {
        var cache = NewCache<int>(16);
        cache.GetOrAdd([0xFF], -1);
        for (int i = 0; i < 100; i++)
        {
            // Keep one key in use while many others arrive.
            Assert.True(cache.TryGet([0xFF], out _));
            cache.GetOrAdd(BitConverter.GetBytes(i), i);
            Assert.InRange(cache.Count, 1, cache.Capacity);
        }

        Assert.True(cache.TryGet([0xFF], out int kept));
        Assert.Equal(-1, kept);
        Assert.False(cache.TryGet(BitConverter.GetBytes(0), out _));
    }

    [Fact]
    public async Task GetOrAdd_ManyThreads_StaysBoundedAndConsistent()
    {
        var cache = NewCache<int>(64);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                int key = (i * 7) + t;
                int stored = cache.GetOrAdd(BitConverter.GetBytes(key), key);
                Assert.Equal(key, stored);
                if (cache.TryGet(BitConverter.GetBytes(key), out int read))
                {
                    Assert.Equal(key, read);
                }
            }
        })));

        Assert.InRange(cache.Count, 1, cache.Capacity);
    }

    [Fact]
    public async Task Count_AfterConcurrentAddsEvictionsAndClears_EqualsTheEntriesStored()
    {
        // Count is kept beside the map (not read from it): it must still agree with what the map holds once writers stop.
        var cache = NewCache<int>(50);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 3000; i++)
            {
                cache.GetOrAdd(BitConverter.GetBytes((i * 5) + t), i);
                if (t == 0 && i % 700 == 0)
                {
                    cache.Clear();
                }
            }
        })));

        int stored = Enumerable.Range(0, 3000 * 5 + 4).Count(k => cache.TryGet(BitConverter.GetBytes(k), out _));
        Assert.Equal(stored, cache.Count);
        Assert.InRange(cache.Count, 1, cache.Capacity);
    }

    [Fact]
    public void TryGet_AfterClear_Misses()
    {
        var cache = NewCache<string>(8);
        cache.GetOrAdd([1], "value");

        cache.Clear();

        Assert.False(cache.TryGet([1], out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NewCache<int>(0));

    private static BoundedLruCache<byte[], ReadOnlySpan<byte>, TValue> NewCache<TValue>(int capacity) => new(capacity, OctetStringComparer.Instance);
}
