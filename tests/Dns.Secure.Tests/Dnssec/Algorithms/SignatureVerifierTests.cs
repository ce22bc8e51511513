using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class SignatureVerifierTests
{
    private readonly SignatureVerifier _verifier = new(new VerificationKeyCache());

    [Theory]
    [MemberData(nameof(PublishedSignatureVectors.Names), MemberType = typeof(PublishedSignatureVectors))]
    public void Verify_PublishedExample_IsValid(string name)
    {
        SignatureVector v = PublishedSignatureVectors.Get(name);

        Assert.Equal(SignatureVerdict.Valid, _verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature));
    }

    [Theory]
    [MemberData(nameof(PublishedSignatureVectors.Names), MemberType = typeof(PublishedSignatureVectors))]
    public void Verify_PublishedExampleWithOneDataByteChanged_IsInvalid(string name)
    {
        SignatureVector v = PublishedSignatureVectors.Get(name);
        // Change the last octet of the RDATA (the address or the MX exchange's root label), then the RRSIG's original TTL.
        foreach (int index in new[] { v.SigningInput.Length - 1, 4 + 3 })
        {
            byte[] tampered = (byte[])v.SigningInput.Clone();
            tampered[index] ^= 0x01;

            Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(v.Algorithm, v.PublicKey, tampered, v.Signature));
        }
    }

    [Theory]
    [MemberData(nameof(PublishedSignatureVectors.Names), MemberType = typeof(PublishedSignatureVectors))]
    public void Verify_PublishedExampleWithOneSignatureByteChanged_IsInvalid(string name)
    {
        SignatureVector v = PublishedSignatureVectors.Get(name);
        byte[] signature = (byte[])v.Signature.Clone();
        signature[signature.Length / 2] ^= 0x80;

        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, signature));
    }

    [Theory]
    [MemberData(nameof(PublishedSignatureVectors.Names), MemberType = typeof(PublishedSignatureVectors))]
    public void Verify_TruncatedOrExtendedSignature_IsInvalidWithoutThrowing(string name)
    {
        SignatureVector v = PublishedSignatureVectors.Get(name);

        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, []));
        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, v.Signature.AsSpan(1)));
        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(v.Algorithm, v.PublicKey, v.SigningInput, [.. v.Signature, 0]));
    }

    [Fact]
    public void Verify_Rfc5702KeyInThreeOctetExponentLengthForm_IsValid()
    {
        SignatureVector v = PublishedSignatureVectors.Rfc5702RsaSha256;
        // RFC 3110 §2: a zero octet, then the exponent length in two octets.
        byte[] longForm = [0, 0, v.PublicKey[0], .. v.PublicKey.AsSpan(1)];

        Assert.Equal(SignatureVerdict.Valid, _verifier.Verify(v.Algorithm, longForm, v.SigningInput, v.Signature));
    }

    [Fact]
    public void Verify_RsaSha256SignatureUnderAlgorithmRsaSha1_IsInvalid()
    {
        SignatureVector v = PublishedSignatureVectors.Rfc5702RsaSha256;

        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(DnssecAlgorithm.RsaSha1, v.PublicKey, v.SigningInput, v.Signature));
    }

    [Fact]
    public void Verify_512BitKeyUnderRsaSha512_IsMalformedKey()
    {
        // RFC 5702 §2: RSA/SHA-512 keys have at least 1024 bits.
        SignatureVector v = PublishedSignatureVectors.Rfc5702RsaSha256;

        Assert.Equal(SignatureVerdict.MalformedKey, _verifier.Verify(DnssecAlgorithm.RsaSha512, v.PublicKey, v.SigningInput, v.Signature));
    }

    public static TheoryData<DnssecAlgorithm, byte[]> MalformedKeys() => new()
    {
        { DnssecAlgorithm.RsaSha256, [] },
        { DnssecAlgorithm.RsaSha256, [3] },
        // Exponent length says 3 octets but only 2 follow.
        { DnssecAlgorithm.RsaSha256, [3, 1, 0] },
        // Long form cut inside its two-octet length.
        { DnssecAlgorithm.RsaSha256, [0, 0] },
        // Long form whose length runs past the end.
        { DnssecAlgorithm.RsaSha1, [0, 0xFF, 0xFF, 1, 2, 3] },
        // Exponent without any modulus.
        { DnssecAlgorithm.RsaSha512, [3, 1, 0, 1] },
        // Zero exponent length.
        { DnssecAlgorithm.RsaSha256, [0, 0, 0, 1, 2, 3] },
        // A 64-bit modulus: below the RFC 3110 minimum.
        { DnssecAlgorithm.RsaSha1Nsec3Sha1, [3, 1, 0, 1, 0xC1, 2, 3, 4, 5, 6, 7, 9] },
        { DnssecAlgorithm.EcdsaP256Sha256, [] },
        { DnssecAlgorithm.EcdsaP256Sha256, new byte[63] },
        { DnssecAlgorithm.EcdsaP256Sha256, new byte[96] },
        // Right length, but the point (0, 0) is not on the curve.
        { DnssecAlgorithm.EcdsaP256Sha256, new byte[64] },
        { DnssecAlgorithm.EcdsaP384Sha384, new byte[64] },
        { DnssecAlgorithm.EcdsaP384Sha384, Enumerable.Repeat((byte)0xFF, 96).ToArray() },
        { DnssecAlgorithm.Ed25519, [] },
        { DnssecAlgorithm.Ed25519, new byte[31] },
        { DnssecAlgorithm.Ed448, new byte[32] },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void Verify_MalformedKey_IsMalformedKeyWithoutThrowing(DnssecAlgorithm algorithm, byte[] key)
    {
        SignatureVector v = PublishedSignatureVectors.Rfc6605EcdsaP256;

        Assert.Equal(SignatureVerdict.MalformedKey, _verifier.Verify(algorithm, key, v.SigningInput, v.Signature));
    }

    [Fact]
    public void Verify_Ed25519KeyThatIsNotAPoint_IsInvalidWithoutThrowing()
    {
        SignatureVector v = PublishedSignatureVectors.Rfc8080Ed25519Example1;
        // y = 2^255 - 1 is not a canonical field element, so no point decodes from it.
        byte[] key = Enumerable.Repeat((byte)0xFF, 32).ToArray();

        SignatureVerdict verdict = _verifier.Verify(v.Algorithm, key, v.SigningInput, v.Signature);

        Assert.Equal(SignatureVerdict.Invalid, verdict);
    }

    [Theory]
    [InlineData(DnssecAlgorithm.RsaMd5)]
    [InlineData(DnssecAlgorithm.DsaSha1)]
    [InlineData(DnssecAlgorithm.DsaNsec3Sha1)]
    [InlineData(DnssecAlgorithm.EccGost)]
    [InlineData((DnssecAlgorithm)100)]
    [InlineData(DnssecAlgorithm.PrivateDns)]
    public void Verify_UnsupportedAlgorithm_IsUnsupportedAlgorithm(DnssecAlgorithm algorithm)
    {
        SignatureVector v = PublishedSignatureVectors.Rfc5702RsaSha256;

        Assert.Equal(SignatureVerdict.UnsupportedAlgorithm, _verifier.Verify(algorithm, v.PublicKey, v.SigningInput, v.Signature));
    }

    [Fact]
    public void Verify_SignatureCheckedWithOtherExampleKey_IsInvalid()
    {
        SignatureVector one = PublishedSignatureVectors.Rfc8080Ed25519Example1;
        SignatureVector two = PublishedSignatureVectors.Rfc8080Ed25519Example2;

        Assert.Equal(SignatureVerdict.Invalid, _verifier.Verify(one.Algorithm, two.PublicKey, one.SigningInput, one.Signature));
    }
}
