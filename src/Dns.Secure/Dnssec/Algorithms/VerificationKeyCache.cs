using DnsSecure.Caching;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// A bounded, thread-safe cache of imported public keys keyed by algorithm and public-key field, so that checking many
/// signatures made with one DNSKEY imports it once (importing costs far more than one verification).
/// Malformed fields are cached too, as "no key". A hit neither allocates nor locks; when the cache is full, the least
/// recently used quarter is dropped (<see cref="BoundedLruCache{TKey, TProbe, TValue}"/>). Evicted keys are left to the
/// garbage collector because other threads may still hold them.
/// </summary>
internal sealed class VerificationKeyCache
{
    /// <summary>Capacity used when none is given: comfortably more than the DNSKEYs a busy resolver meets between zone key rolls.</summary>
    public const int DefaultCapacity = 1024;

    private readonly BoundedLruCache<CacheKey, KeyProbe, VerificationKey?> _keys;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> keys.</summary>
    public VerificationKeyCache(int capacity = DefaultCapacity) => _keys = new(capacity, CacheKeyComparer.Instance);

    /// <summary>A process-wide cache with the default capacity.</summary>
    public static VerificationKeyCache Shared { get; } = new();

    /// <summary>The maximum number of cached keys.</summary>
    public int Capacity => _keys.Capacity;

    /// <summary>Number of cached keys (takes every internal lock; for tests and diagnostics).</summary>
    public int Count => _keys.Count;

    /// <summary>The imported key for the field, importing and caching it on first use; null when the field is malformed.</summary>
    public VerificationKey? GetOrImport(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var probe = new KeyProbe(algorithm.Algorithm, publicKeyField);
        if (_keys.TryGet(probe, out VerificationKey? key))
        {
            return key;
        }

        // Another thread may have imported the same key meanwhile: the cache returns the first copy, so one object serves everyone.
        return _keys.GetOrAdd(probe, algorithm.ImportPublicKey(publicKeyField));
    }

    /// <summary>Drops every cached key.</summary>
    public void Clear() => _keys.Clear();

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
