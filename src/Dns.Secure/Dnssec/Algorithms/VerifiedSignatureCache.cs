using DnsSecure.Caching;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// A bounded, thread-safe record of signature checks that succeeded: algorithm, DNSKEY public-key field, signing input and
/// signature, compared octet for octet (the hash only picks the bucket, so no two different checks can be confused).
/// Identical checks recur: every answer synthesized from one wildcard carries the same RRSIG over the same signing input,
/// and the same NSEC/NSEC3 RRset proves many names absent. The validator offers it only such checks (RrsetVerifier's
/// MayRecur): a plain answer RRset is checked once per TTL, and remembering it would push out the checks that recur.
/// Only the cryptographic result is remembered; the RRSIG's
/// fields, validity window and key flags are checked by the caller every time (RFC 4035 §5.3.1). Failures are never
/// remembered. When full, the least recently used quarter is dropped (<see cref="BoundedLruCache{TKey, TProbe, TValue}"/>).
/// </summary>
internal sealed class VerifiedSignatureCache
{
    /// <summary>Capacity used when none is given.</summary>
    public const int DefaultCapacity = 4096;

    private readonly BoundedLruCache<Check, Probe, bool> _checks;

    /// <summary>Creates a cache remembering at most <paramref name="capacity"/> checks.</summary>
    public VerifiedSignatureCache(int capacity = DefaultCapacity) => _checks = new(capacity, CheckComparer.Instance);

    /// <summary>A process-wide cache with the default capacity.</summary>
    public static VerifiedSignatureCache Shared { get; } = new();

    /// <summary>The most checks remembered.</summary>
    public int Capacity => _checks.Capacity;

    /// <summary>Checks remembered now.</summary>
    public int Count => _checks.Count;

    /// <summary>True when exactly this check succeeded before.</summary>
    public bool Contains(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        _checks.TryGet(new Probe(algorithm, publicKeyField, signingInput, signature), out _);

    /// <summary>Remembers a check that succeeded (its fields copied).</summary>
    public void Add(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        _checks.GetOrAdd(new Probe(algorithm, publicKeyField, signingInput, signature), true);

    /// <summary>
    /// Remembers a check that succeeded, referring to the key field and the signature instead of copying them: they must
    /// never change (a <see cref="Records.DnskeyRdata"/>'s and an <see cref="Records.RrsigRdata"/>'s own copies are
    /// immutable). The signing input is copied.
    /// </summary>
    public void AddImmutable(DnssecAlgorithm algorithm, ReadOnlyMemory<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlyMemory<byte> signature) =>
        _checks.GetOrAdd(new Probe(algorithm, publicKeyField.Span, signingInput, signature.Span) { ImmutableKey = publicKeyField, ImmutableSignature = signature, Immutable = true }, true);

    /// <summary>Forgets everything.</summary>
    public void Clear() => _checks.Clear();

    /// <summary>A stored check: the key field and the signature (shared with their immutable records, or copies), and a copy of the input.</summary>
    private sealed class Check(DnssecAlgorithm algorithm, ReadOnlyMemory<byte> key, byte[] input, ReadOnlyMemory<byte> signature, int hash)
    {
        public DnssecAlgorithm Algorithm { get; } = algorithm;

        public int Hash { get; } = hash;

        public ReadOnlySpan<byte> Key => key.Span;

        public ReadOnlySpan<byte> Input => input;

        public ReadOnlySpan<byte> Signature => signature.Span;
    }

    private readonly ref struct Probe(DnssecAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, ReadOnlySpan<byte> signature)
    {
        public DnssecAlgorithm Algorithm { get; } = algorithm;

        public ReadOnlySpan<byte> Key { get; } = key;

        public ReadOnlySpan<byte> Input { get; } = input;

        public ReadOnlySpan<byte> Signature { get; } = signature;

        /// <summary>True when <see cref="ImmutableKey"/> and <see cref="ImmutableSignature"/> may be kept instead of copies.</summary>
        public bool Immutable { get; init; }

        public ReadOnlyMemory<byte> ImmutableKey { get; init; }

        public ReadOnlyMemory<byte> ImmutableSignature { get; init; }
    }

    private sealed class CheckComparer : IEqualityComparer<Check>, IAlternateEqualityComparer<Probe, Check>
    {
        public static CheckComparer Instance { get; } = new();

        public bool Equals(Check? x, Check? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && x.Algorithm == y.Algorithm
                && x.Key.SequenceEqual(y.Key) && x.Input.SequenceEqual(y.Input) && x.Signature.SequenceEqual(y.Signature));

        public int GetHashCode(Check obj) => obj.Hash;

        public bool Equals(Probe alternate, Check other) =>
            alternate.Algorithm == other.Algorithm && alternate.Key.SequenceEqual(other.Key)
            && alternate.Input.SequenceEqual(other.Input) && alternate.Signature.SequenceEqual(other.Signature);

        public int GetHashCode(Probe alternate) => Hash(alternate);

        public Check Create(Probe alternate) => new(
            alternate.Algorithm,
            alternate.Immutable ? alternate.ImmutableKey : alternate.Key.ToArray(),
            alternate.Input.ToArray(),
            alternate.Immutable ? alternate.ImmutableSignature : alternate.Signature.ToArray(),
            Hash(alternate));

        private static int Hash(Probe probe)
        {
            // HashCode is seeded per process, so remote data cannot aim at one bucket.
            var hc = new HashCode();
            hc.Add((byte)probe.Algorithm);
            hc.Add(probe.Key.Length);
            hc.Add(probe.Input.Length);
            hc.AddBytes(probe.Signature);
            hc.AddBytes(probe.Input);
            return hc.ToHashCode();
        }
    }
}
