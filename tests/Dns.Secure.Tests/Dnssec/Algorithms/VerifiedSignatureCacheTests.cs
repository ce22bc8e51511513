using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class VerifiedSignatureCacheTests
{
    [Fact]
    public void Contains_AfterAdd_IsTrueForEqualOctets()
    {
        var cache = new VerifiedSignatureCache();
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;

        cache.Add(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature);

        Assert.True(cache.Contains(v.Algorithm, (byte[])v.PublicKey.Clone(), (byte[])v.SigningInput.Clone(), (byte[])v.Signature.Clone()));
    }

    [Fact]
    public void AddImmutable_SameCheckAsAdd_IsOneEntryAndMatchesOnlyEqualOctets()
    {
        var cache = new VerifiedSignatureCache();
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;
        byte[] input = (byte[])v.SigningInput.Clone();

        cache.AddImmutable(v.Algorithm, v.PublicKey, input, v.Signature);
        input[0] ^= 1; // the input is copied: the caller's buffer may change afterwards
        cache.Add(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.Contains(v.Algorithm, (byte[])v.PublicKey.Clone(), v.SigningInput, (byte[])v.Signature.Clone()));
        Assert.False(cache.Contains(v.Algorithm, v.PublicKey, input, v.Signature));
    }

    [Fact]
    public void Contains_OneOctetOfTheSigningInputChanged_IsFalse()
    {
        var cache = new VerifiedSignatureCache();
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;
        cache.Add(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature);
        byte[] tampered = (byte[])v.SigningInput.Clone();
        tampered[^1] ^= 1;

        Assert.False(cache.Contains(v.Algorithm, v.PublicKey, tampered, v.Signature));
    }

    [Fact]
    public void Contains_OtherSignatureKeyOrAlgorithm_IsFalse()
    {
        var cache = new VerifiedSignatureCache();
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;
        cache.Add(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature);
        byte[] signature = (byte[])v.Signature.Clone();
        signature[0] ^= 1;
        byte[] key = (byte[])v.PublicKey.Clone();
        key[0] ^= 1;

        Assert.False(cache.Contains(v.Algorithm, v.PublicKey, v.SigningInput, signature));
        Assert.False(cache.Contains(v.Algorithm, key, v.SigningInput, v.Signature));
        Assert.False(cache.Contains(DnssecAlgorithm.EcdsaP384Sha384, v.PublicKey, v.SigningInput, v.Signature));
    }

    [Fact]
    public void Contains_FieldBoundariesMoved_IsFalse()
    {
        // The same octets split differently between key, input and signature are a different check.
        var cache = new VerifiedSignatureCache();
        cache.Add(DnssecAlgorithm.Ed25519, [1, 2], [3, 4], [5, 6]);

        Assert.False(cache.Contains(DnssecAlgorithm.Ed25519, [1, 2, 3], [4], [5, 6]));
        Assert.False(cache.Contains(DnssecAlgorithm.Ed25519, [1, 2], [3], [4, 5, 6]));
    }

    [Fact]
    public void Add_PastCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new VerifiedSignatureCache(capacity: 4);
        for (byte i = 0; i < 4; i++)
        {
            cache.Add(DnssecAlgorithm.Ed25519, [i], [i], [i]);
        }

        Assert.True(cache.Contains(DnssecAlgorithm.Ed25519, [0], [0], [0]));
        cache.Add(DnssecAlgorithm.Ed25519, [4], [4], [4]);

        Assert.Equal(3, cache.Count);
        Assert.True(cache.Contains(DnssecAlgorithm.Ed25519, [0], [0], [0]));
        Assert.False(cache.Contains(DnssecAlgorithm.Ed25519, [1], [1], [1]));
        Assert.True(cache.Contains(DnssecAlgorithm.Ed25519, [4], [4], [4]));
    }

    [Fact]
    public void Add_ConcurrentWritersPastCapacity_StayBounded()
    {
        var cache = new VerifiedSignatureCache(capacity: 64);

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] input = BitConverter.GetBytes(i);
            cache.Add(DnssecAlgorithm.Ed25519, [1], input, [2]);
            cache.Contains(DnssecAlgorithm.Ed25519, [1], input, [2]);
        });

        Assert.InRange(cache.Count, 1, cache.Capacity);
    }

    [Fact]
    public void SignatureVerifier_RemembersValidChecksOnly()
    {
        var verified = new VerifiedSignatureCache();
        var verifier = new SignatureVerifier(new VerificationKeyCache(), verified);
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;
        byte[] bad = (byte[])v.Signature.Clone();
        bad[5] ^= 0x40;

        Assert.Equal(SignatureVerdict.Invalid, verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, bad));
        Assert.Equal(0, verified.Count);
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature));
        Assert.Equal(1, verified.Count);
        Assert.Equal(SignatureVerdict.Valid, verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature));
        Assert.Equal(SignatureVerdict.Invalid, verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, bad));
    }
}
