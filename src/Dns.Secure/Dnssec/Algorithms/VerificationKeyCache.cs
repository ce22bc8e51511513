using System.Collections.Concurrent;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// A bounded, thread-safe cache of imported public keys keyed by algorithm and public-key field, so that checking many
/// signatures made with one DNSKEY imports it once (importing costs far more than one verification).
/// Malformed fields are cached too, as "no key". A hit neither allocates nor locks; when the cache is full, the least
/// recently used quarter is dropped. Evicted keys are left to the garbage collector because other threads may still
/// hold them.
/// </summary>
internal sealed class VerificationKeyCache
{
    /// <summary>Capacity used when none is given: comfortably more than the DNSKEYs a busy resolver meets between zone key rolls.</summary>
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<CacheKey, Entry> _entries;
    private readonly ConcurrentDictionary<CacheKey, Entry>.AlternateLookup<KeyProbe> _lookup;
    private readonly Lock _evictionLock = new();
    private long _clock;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> keys.</summary>
    public VerificationKeyCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<CacheKey, Entry>(CacheKeyComparer.Instance);
        _lookup = _entries.GetAlternateLookup<KeyProbe>();
    }

    /// <summary>A process-wide cache with the default capacity.</summary>
    public static VerificationKeyCache Shared { get; } = new();

    /// <summary>The maximum number of cached keys.</summary>
    public int Capacity { get; }

    /// <summary>Number of cached keys (takes every internal lock; for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>The imported key for the field, importing and caching it on first use; null when the field is malformed.</summary>
    public VerificationKey? GetOrImport(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        long now = Interlocked.Increment(ref _clock);
        var probe = new KeyProbe(algorithm.Algorithm, publicKeyField);
        if (_lookup.TryGetValue(probe, out Entry? entry))
        {
            entry.LastUsed = now;
            return entry.Key;
        }

        VerificationKey? key = algorithm.ImportPublicKey(publicKeyField);
        var added = new Entry(key) { LastUsed = now };
        if (!_lookup.TryAdd(probe, added))
        {
            // Another thread imported the same key first; use its copy so one object serves everyone.
            return _lookup.TryGetValue(probe, out Entry? existing) ? existing.Key : key;
        }

        if (_entries.Count > Capacity)
        {
            Evict();
        }

        return key;
    }

    /// <summary>Drops every cached key.</summary>
    public void Clear() => _entries.Clear();

    private void Evict()
    {
        lock (_evictionLock)
        {
            int count = _entries.Count;
            if (count <= Capacity)
            {
                return;
            }

            KeyValuePair<CacheKey, Entry>[] snapshot = _entries.ToArray();
            long[] ages = new long[snapshot.Length];
            for (int i = 0; i < snapshot.Length; i++)
            {
                ages[i] = snapshot[i].Value.LastUsed;
            }

            Array.Sort(ages, snapshot);
            // Bring the count down to three quarters of the capacity so eviction runs rarely.
            int remove = snapshot.Length - (Capacity - (Capacity / 4));
            for (int i = 0; i < remove && i < snapshot.Length; i++)
            {
                _entries.TryRemove(snapshot[i]);
            }
        }
    }

    private sealed class Entry(VerificationKey? key)
    {
        public VerificationKey? Key { get; } = key;

        // Written without synchronisation: an approximate recency is enough for eviction.
        public long LastUsed { get; set; }
    }

    private readonly struct CacheKey(DnssecAlgorithm algorithm, byte[] field, int hash)
    {
        public DnssecAlgorithm Algorithm { get; } = algorithm;

        public byte[] Field { get; } = field;

        public int Hash { get; } = hash;
    }

    private readonly ref struct KeyProbe(DnssecAlgorithm algorithm, ReadOnlySpan<byte> field)
    {
        public DnssecAlgorithm Algorithm { get; } = algorithm;

        public ReadOnlySpan<byte> Field { get; } = field;
    }

    private sealed class CacheKeyComparer : IEqualityComparer<CacheKey>, IAlternateEqualityComparer<KeyProbe, CacheKey>
    {
        public static CacheKeyComparer Instance { get; } = new();

        public bool Equals(CacheKey x, CacheKey y) =>
            x.Algorithm == y.Algorithm && x.Field.AsSpan().SequenceEqual(y.Field);

        public int GetHashCode(CacheKey obj) => obj.Hash;

        public bool Equals(KeyProbe alternate, CacheKey other) =>
            alternate.Algorithm == other.Algorithm && alternate.Field.SequenceEqual(other.Field);

        public int GetHashCode(KeyProbe alternate) => Hash(alternate.Algorithm, alternate.Field);

        public CacheKey Create(KeyProbe alternate) =>
            new(alternate.Algorithm, alternate.Field.ToArray(), Hash(alternate.Algorithm, alternate.Field));

        private static int Hash(DnssecAlgorithm algorithm, ReadOnlySpan<byte> field)
        {
            var hc = new HashCode();
            hc.Add((byte)algorithm);
            hc.AddBytes(field);
            return hc.ToHashCode();
        }
    }
}
