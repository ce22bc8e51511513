using System.Collections.Concurrent;
using DnsSecure.Caching;

namespace DnsSecure.Tests.Caching;

public sealed class ExpiryEvictionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MakeRoom_BelowCapacity_RemovesNothing()
    {
        ConcurrentDictionary<string, DateTimeOffset> map = Map(("a", -1), ("b", 1));

        int removed = ExpiryEviction.MakeRoom(map, capacity: 3, Now, static e => e);

        Assert.Equal(0, removed);
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void MakeRoom_FullWithExpiredEntries_RemovesOnlyThose()
    {
        ConcurrentDictionary<string, DateTimeOffset> map = Map(("old1", -5), ("old2", -1), ("now", 0), ("live1", 1), ("live2", 2), ("live3", 30), ("live4", 60), ("live5", 90));

        int removed = ExpiryEviction.MakeRoom(map, capacity: 8, Now, static e => e);

        // An entry expiring exactly now is expired; the five live ones fit in three quarters of eight.
        Assert.Equal(3, removed);
        Assert.Equal(["live1", "live2", "live3", "live4", "live5"], map.Keys.Order());
    }

    [Fact]
    public void MakeRoom_FullOfLiveEntries_DropsThoseClosestToExpiryDownToThreeQuarters()
    {
        ConcurrentDictionary<string, DateTimeOffset> map = Map(("root", 48 * 60), ("tld", 24 * 60), ("a", 5), ("b", 60), ("c", 1), ("d", 120), ("e", 30), ("f", 10));

        int removed = ExpiryEviction.MakeRoom(map, capacity: 8, Now, static e => e);

        Assert.Equal(2, removed);
        Assert.Equal(["b", "d", "e", "f", "root", "tld"], map.Keys.Order());
    }

    [Fact]
    public void MakeRoom_RepeatedAdds_KeepTheMapWithinItsCapacity()
    {
        var map = new ConcurrentDictionary<int, DateTimeOffset>();
        for (int i = 0; i < 1000; i++)
        {
            ExpiryEviction.MakeRoom(map, capacity: 40, Now, static e => e);
            map[i] = Now.AddSeconds(i % 7 == 0 ? -1 : i);
            Assert.True(map.Count <= 40, $"{map.Count} entries after {i + 1} adds");
        }

        // Entry i expires i seconds from now (every seventh has expired already): the survivors are the latest-expiring,
        // so the latest added, not the first come.
        Assert.All(map.Keys, k => Assert.True(k >= 950, $"entry {k} survived"));
        Assert.Contains(999, map.Keys);
    }

    private static ConcurrentDictionary<string, DateTimeOffset> Map(params (string Key, int Minutes)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, Now.AddMinutes(e.Minutes))));
}
