using System.Collections.Concurrent;

namespace DaneSockets.Matching;

/// <summary>
/// A bounded, thread-safe map from exact octet strings to values: keys are compared octet for octet (the hash only picks
/// the bucket, so two different keys can never share an entry). A hit neither allocates nor locks; when the map grows
/// past its capacity, the least recently used quarter is dropped. Evicted values are left to the garbage collector,
/// because other threads may still hold them.
/// </summary>
/// <typeparam name="TValue">What is remembered per key.</typeparam>
internal sealed class ByteKeyedCache<TValue>
{
    private readonly ConcurrentDictionary<byte[], Entry> _entries;
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Lock _evictionLock = new();
    private long _clock;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> entries.</summary>
    public ByteKeyedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<byte[], Entry>(OctetComparer.Instance);
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The value stored under exactly <paramref name="key"/>, if any.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out TValue value)
    {
        if (_lookup.TryGetValue(key, out Entry? entry))
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under a copy of <paramref name="key"/> unless another thread stored one
    /// first; returns the value that is now cached.</summary>
    public TValue GetOrAdd(ReadOnlySpan<byte> key, TValue value)
    {
        var added = new Entry(value) { LastUsed = Interlocked.Increment(ref _clock) };
        if (!_lookup.TryAdd(key, added))
        {
            return _lookup.TryGetValue(key, out Entry? existing) ? existing.Value : value;
        }

        if (_entries.Count > Capacity)
        {
            Evict();
        }

        return value;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _entries.Clear();

    private void Evict()
    {
        lock (_evictionLock)
        {
            if (_entries.Count <= Capacity)
            {
                return;
            }

            KeyValuePair<byte[], Entry>[] snapshot = _entries.ToArray();
            long[] ages = new long[snapshot.Length];
            for (int i = 0; i < snapshot.Length; i++)
            {
                ages[i] = snapshot[i].Value.LastUsed;
            }

            Array.Sort(ages, snapshot);
            // Down to three quarters of the capacity, so that eviction runs rarely.
            int remove = snapshot.Length - (Capacity - (Capacity / 4));
            for (int i = 0; i < remove && i < snapshot.Length; i++)
            {
                _entries.TryRemove(snapshot[i]);
            }
        }
    }

    private sealed class Entry(TValue value)
    {
        public TValue Value { get; } = value;

        // Written without synchronisation: an approximate recency is enough for eviction.
        public long LastUsed { get; set; }
    }

    private sealed class OctetComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static OctetComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> octets)
        {
            // Randomly seeded per process, so peers cannot aim many keys at one bucket.
            var hash = new HashCode();
            hash.AddBytes(octets);
            return hash.ToHashCode();
        }
    }
}
