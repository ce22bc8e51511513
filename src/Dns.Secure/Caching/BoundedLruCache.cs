using System.Collections.Concurrent;

namespace DnsSecure.Caching;

/// <summary>
/// A bounded, thread-safe map looked up through a borrowed form of the key (a probe, typically spans over the caller's
/// octets) and storing an owned form made only when an entry is added. A hit neither allocates nor locks. When the map
/// grows past its capacity, the least recently used entries are dropped in one pass, down to three quarters of the
/// capacity, so that eviction runs rarely. Evicted values are left to the garbage collector, because other threads may
/// still hold them.
/// <para>The comparer decides what "the same key" means; the caches built on this one compare octet for octet (the hash
/// only picks the bucket), so that two different inputs can never share an entry. This file is also compiled into
/// Dane.Sockets (linked from its project file), so one implementation serves both assemblies without a public type.</para>
/// </summary>
/// <typeparam name="TKey">The stored form of a key.</typeparam>
/// <typeparam name="TProbe">The borrowed form a lookup passes.</typeparam>
/// <typeparam name="TValue">What is remembered per key.</typeparam>
internal sealed class BoundedLruCache<TKey, TProbe, TValue>
    where TKey : notnull
    where TProbe : notnull, allows ref struct
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly ConcurrentDictionary<TKey, Entry>.AlternateLookup<TProbe> _lookup;
    private readonly Lock _evictionLock = new();
    private long _clock;

    // Kept beside the map: ConcurrentDictionary.Count takes every one of the map's locks, which on the add path of a busy
    // cache cost more than the add itself (measured: ~5 % of the CPU of an uncached validated answer).
    private int _count;

    /// <summary>Creates a map of at most <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The most entries kept (at least one).</param>
    /// <param name="comparer">Compares stored keys, and probes with stored keys (it must also implement
    /// <see cref="IAlternateEqualityComparer{TAlternate, T}"/> for <typeparamref name="TProbe"/>).</param>
    public BoundedLruCache(int capacity, IEqualityComparer<TKey> comparer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        _lookup = _entries.GetAlternateLookup<TProbe>();
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The value stored under the key <paramref name="probe"/> stands for, if any; a hit counts as a use.</summary>
    public bool TryGet(TProbe probe, out TValue value)
    {
        if (_lookup.TryGetValue(probe, out Entry? entry))
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under the key <paramref name="probe"/> stands for unless another thread
    /// stored one first, and returns the value that is now cached (so that every caller shares one object).</summary>
    public TValue GetOrAdd(TProbe probe, TValue value)
    {
        var added = new Entry(value) { LastUsed = Interlocked.Increment(ref _clock) };
        if (!_lookup.TryAdd(probe, added))
        {
            return _lookup.TryGetValue(probe, out Entry? existing) ? existing.Value : value;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Evict();
        }

        return value;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        lock (_evictionLock)
        {
            foreach (KeyValuePair<TKey, Entry> pair in _entries)
            {
                Remove(pair);
            }
        }
    }

    private void Evict()
    {
        lock (_evictionLock)
        {
            if (Volatile.Read(ref _count) <= Capacity)
            {
                return;
            }

            // ConcurrentDictionary.ToArray takes every lock: a consistent snapshot even while other threads add.
            KeyValuePair<TKey, Entry>[] snapshot = _entries.ToArray();
            long[] ages = new long[snapshot.Length];
            for (int i = 0; i < snapshot.Length; i++)
            {
                ages[i] = snapshot[i].Value.LastUsed;
            }

            Array.Sort(ages, snapshot);
            int remove = snapshot.Length - (Capacity - (Capacity / 4));
            for (int i = 0; i < remove && i < snapshot.Length; i++)
            {
                Remove(snapshot[i]);
            }
        }
    }

    /// <summary>Removes the entry if it is still the one stored (another thread may have replaced or removed it).</summary>
    private void Remove(KeyValuePair<TKey, Entry> pair)
    {
        if (_entries.TryRemove(pair))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed class Entry(TValue value)
    {
        public TValue Value { get; } = value;

        // Written without synchronisation: an approximate recency is enough for eviction.
        public long LastUsed { get; set; }
    }
}
