using System.Buffers;
using System.Buffers.Binary;
using DnsSecure.Caching;

namespace DaneSockets.Matching;

/// <summary>
/// What the matcher's cryptography learned, kept across handshakes: public keys imported from a SubjectPublicKeyInfo
/// (importing costs about as much as a verification), and the signature checks that succeeded, each remembered under
/// the exact octets of the signed certificate and of the key's SubjectPublicKeyInfo. A certificate that differs in one
/// octet (another serial, a forged signature, the same subject and key identifier) is a different key and is verified
/// afresh. Only the cryptographic result is remembered: names, CA flags and validity dates are checked on every
/// handshake (RFC 7671 §5.2). Failures are not remembered.
/// </summary>
internal sealed class CertificateCryptoCache
{
    /// <summary>Capacity of each of the two maps when none is given.</summary>
    public const int DefaultCapacity = 1024;

    private readonly BoundedLruCache<byte[], ReadOnlySpan<byte>, SubjectPublicKey?> _keys;
    private readonly BoundedLruCache<byte[], ReadOnlySpan<byte>, bool> _verified;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> keys and as many verified signatures.</summary>
    public CertificateCryptoCache(int capacity = DefaultCapacity)
    {
        _keys = new(capacity, OctetStringComparer.Instance);
        _verified = new(capacity, OctetStringComparer.Instance);
    }

    /// <summary>The process-wide cache the matcher uses.</summary>
    public static CertificateCryptoCache Shared { get; } = new();

    /// <summary>Keys held now.</summary>
    public int KeyCount => _keys.Count;

    /// <summary>Verified signatures held now.</summary>
    public int VerifiedCount => _verified.Count;

    /// <summary>The imported key for exactly these SubjectPublicKeyInfo octets (null when neither the platform nor
    /// BouncyCastle can decode them), imported on first use. Cached keys are shared: callers never dispose them.</summary>
    public SubjectPublicKey? GetKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (_keys.TryGet(subjectPublicKeyInfo, out SubjectPublicKey? key))
        {
            return key;
        }

        return _keys.GetOrAdd(subjectPublicKeyInfo, SubjectPublicKey.TryCreate(subjectPublicKeyInfo.ToArray()));
    }

    /// <summary>True when the signature on exactly <paramref name="certificate"/> was verified before with exactly the key
    /// <paramref name="issuerSubjectPublicKeyInfo"/>.</summary>
    public bool IsKnownSigned(ReadOnlySpan<byte> certificate, ReadOnlySpan<byte> issuerSubjectPublicKeyInfo) =>
        WithKey(certificate, issuerSubjectPublicKeyInfo, this, static (key, cache) => cache._verified.TryGet(key, out _));

    /// <summary>Remembers that the signature on <paramref name="certificate"/> verified with <paramref name="issuerSubjectPublicKeyInfo"/>.</summary>
    public void AddSigned(ReadOnlySpan<byte> certificate, ReadOnlySpan<byte> issuerSubjectPublicKeyInfo) =>
        WithKey(certificate, issuerSubjectPublicKeyInfo, this, static (key, cache) => cache._verified.GetOrAdd(key, true));

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        _keys.Clear();
        _verified.Clear();
    }

    /// <summary>Runs <paramref name="action"/> on the unambiguous composite key: the certificate's length, the certificate,
    /// then the key.</summary>
    private static bool WithKey(ReadOnlySpan<byte> certificate, ReadOnlySpan<byte> spki, CertificateCryptoCache cache, Func<ReadOnlySpan<byte>, CertificateCryptoCache, bool> action)
    {
        int length = sizeof(int) + certificate.Length + spki.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> key = buffer.AsSpan(0, length);
            BinaryPrimitives.WriteInt32BigEndian(key, certificate.Length);
            certificate.CopyTo(key[sizeof(int)..]);
            spki.CopyTo(key[(sizeof(int) + certificate.Length)..]);
            return action(key, cache);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
