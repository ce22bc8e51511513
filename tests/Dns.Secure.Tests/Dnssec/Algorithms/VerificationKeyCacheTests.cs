using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class VerificationKeyCacheTests
{
    private static readonly SignatureAlgorithm s_ed25519 = SignatureAlgorithm.Get(DnssecAlgorithm.Ed25519)!;
    private static readonly SignatureAlgorithm s_p256 = SignatureAlgorithm.Get(DnssecAlgorithm.EcdsaP256Sha256)!;

    [Fact]
    public void GetOrImport_SameKeyTwice_ReturnsTheSameImportedObject()
    {
        var cache = new VerificationKeyCache();
        byte[] key = PublishedSignatureVectors.Rfc6605EcdsaP256.PublicKey;

        VerificationKey? first = cache.GetOrImport(s_p256, key);
        VerificationKey? second = cache.GetOrImport(s_p256, (byte[])key.Clone());

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrImport_SameBytesUnderAnotherAlgorithm_IsASeparateEntry()
    {
        var cache = new VerificationKeyCache();
        SignatureVector v = PublishedSignatureVectors.Rfc5702RsaSha256;

        VerificationKey? sha256 = cache.GetOrImport(SignatureAlgorithm.Get(DnssecAlgorithm.RsaSha256)!, v.PublicKey);
        VerificationKey? sha1 = cache.GetOrImport(SignatureAlgorithm.Get(DnssecAlgorithm.RsaSha1)!, v.PublicKey);

        Assert.NotSame(sha256, sha1);
        Assert.Equal(DnssecAlgorithm.RsaSha1, sha1!.Algorithm);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void GetOrImport_MalformedKey_IsCachedAsNull()
    {
        var cache = new VerificationKeyCache();

        Assert.Null(cache.GetOrImport(s_p256, new byte[10]));
        Assert.Null(cache.GetOrImport(s_p256, new byte[10]));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrImport_MoreKeysThanCapacity_StaysBoundedAndKeepsRecentlyUsedKeys()
    {
        var cache = new VerificationKeyCache(capacity: 16);
        byte[] hot = KeyBytes(0);
        VerificationKey? hotKey = cache.GetOrImport(s_ed25519, hot);

        for (int i = 1; i <= 100; i++)
        {
            cache.GetOrImport(s_ed25519, KeyBytes(i));
            cache.GetOrImport(s_ed25519, hot);
            Assert.True(cache.Count <= cache.Capacity, $"count {cache.Count} after {i} keys");
        }

        Assert.Same(hotKey, cache.GetOrImport(s_ed25519, hot));
    }

    [Fact]
    public void GetOrImport_ConcurrentCallers_AllVerifyWithTheSharedKeys()
    {
        var cache = new VerificationKeyCache(capacity: 4);
        var verifier = new SignatureVerifier(cache);
        IReadOnlyList<SignatureVector> vectors = PublishedSignatureVectors.All;
        int failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            SignatureVector v = vectors[i % vectors.Count];
            if (verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature) != SignatureVerdict.Valid)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
        Assert.True(cache.Count <= cache.Capacity);
    }

    private static byte[] KeyBytes(int seed)
    {
        byte[] key = new byte[32];
        BitConverter.TryWriteBytes(key, seed);
        return key;
    }
}
