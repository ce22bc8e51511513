using DaneSockets.Matching;

namespace DaneSockets.Tests.Matching;

public sealed class ByteKeyedCacheTests
{
    [Fact]
    public void TryGet_SameOctetsInAnotherArray_Hits()
    {
        var cache = new ByteKeyedCache<string>(8);
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
        var cache = new ByteKeyedCache<string>(8);
        cache.GetOrAdd([1, 2, 3], "value");

        Assert.False(cache.TryGet(other, out _));
    }

    [Fact]
    public void GetOrAdd_KeyAlreadyCached_KeepsAndReturnsTheFirstValue()
    {
        var cache = new ByteKeyedCache<string>(8);
        cache.GetOrAdd([7], "first");

        Assert.Equal("first", cache.GetOrAdd([7], "second"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrAdd_PastCapacity_StaysBoundedAndKeepsTheRecentlyUsed()
    {
        var cache = new ByteKeyedCache<int>(16);
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
        var cache = new ByteKeyedCache<int>(64);
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
}
