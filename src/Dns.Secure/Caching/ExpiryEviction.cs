using System.Collections.Concurrent;

namespace DnsSecure.Caching;

/// <summary>
/// Keeps a map of entries that carry their own expiry within a bound: when it is full, the entries whose time is up go
/// first, then those closest to expiry, down to three quarters of the bound, so that eviction runs rarely. Closest to
/// expiry rather than least recently used: the entries a resolver needs most often — the delegations of the root and the
/// top-level zones, whose TTLs are days — are also the ones that live longest, so they are the last to go. (The iterative
/// source used to empty a full map at once, and every lookup after it iterated from the root again.)
/// </summary>
internal static class ExpiryEviction
{
    /// <summary>
    /// Makes room in <paramref name="map"/> for one more entry when it holds <paramref name="capacity"/> or more. Safe
    /// under concurrent use (an entry replaced meanwhile is not removed); callers that add concurrently may briefly
    /// overshoot the bound by the number of adds in progress.
    /// </summary>
    /// <param name="map">The map.</param>
    /// <param name="capacity">The most entries the map should hold (at least one).</param>
    /// <param name="now">The current time.</param>
    /// <param name="expiresOf">When an entry's value expires.</param>
    /// <returns>The number of entries removed.</returns>
    public static int MakeRoom<TKey, TValue>(ConcurrentDictionary<TKey, TValue> map, int capacity, DateTimeOffset now, Func<TValue, DateTimeOffset> expiresOf)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(expiresOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (map.Count < capacity)
        {
            return 0;
        }

        // ToArray takes every lock once: a consistent snapshot. Removal is by key and value, so an entry another thread
        // replaced after the snapshot stays.
        KeyValuePair<TKey, TValue>[] snapshot = map.ToArray();
        var live = new List<(KeyValuePair<TKey, TValue> Pair, DateTimeOffset Expires)>(snapshot.Length);
        int removed = 0;
        foreach (KeyValuePair<TKey, TValue> pair in snapshot)
        {
            DateTimeOffset expires = expiresOf(pair.Value);
            if (expires > now)
            {
                live.Add((pair, expires));
            }
            else if (map.TryRemove(pair))
            {
                removed++;
            }
        }

        int keep = capacity * 3 / 4;
        if (live.Count > keep)
        {
            live.Sort(static (a, b) => a.Expires.CompareTo(b.Expires));
            for (int i = 0; i < live.Count - keep; i++)
            {
                if (map.TryRemove(live[i].Pair))
                {
                    removed++;
                }
            }
        }

        return removed;
    }
}
