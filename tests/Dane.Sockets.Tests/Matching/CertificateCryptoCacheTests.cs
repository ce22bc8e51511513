using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Matching;

public sealed class CertificateCryptoCacheTests
{
    private static readonly TestPki Pki = new();

    [Fact]
    public void GetKey_SameSubjectPublicKeyInfo_ImportsOnceAndSharesTheKey()
    {
        var cache = new CertificateCryptoCache(8);
        byte[] spki = Pki.Intermediate.PublicKey.ExportSubjectPublicKeyInfo();

        SubjectPublicKey? first = cache.GetKey(spki);
        SubjectPublicKey? second = cache.GetKey(spki.ToArray());

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.KeyCount);
    }

    [Fact]
    public void GetKey_AnotherKeyUnderTheSameSubjectName_IsADifferentKey()
    {
        var cache = new CertificateCryptoCache(8);

        SubjectPublicKey? genuine = cache.GetKey(Pki.Intermediate.PublicKey.ExportSubjectPublicKeyInfo());
        SubjectPublicKey? impostor = cache.GetKey(Pki.ImpostorIntermediate.PublicKey.ExportSubjectPublicKeyInfo());

        Assert.NotNull(impostor);
        Assert.NotSame(genuine, impostor);
        Assert.False(impostor.Encoded.SequenceEqual(genuine!.Encoded));
    }

    [Fact]
    public void GetKey_MalformedOctets_IsNullAndStaysNull()
    {
        var cache = new CertificateCryptoCache(8);

        Assert.Null(cache.GetKey([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.Null(cache.GetKey([0x30, 0x03, 0x02, 0x01, 0x00]));
    }

    [Fact]
    public void IsKnownSigned_OnlyForTheExactCertificateAndKeyAdded()
    {
        var cache = new CertificateCryptoCache(8);
        byte[] issuerKey = Pki.Intermediate.PublicKey.ExportSubjectPublicKeyInfo();
        Assert.False(cache.IsKnownSigned(Pki.Leaf.RawData, issuerKey));

        cache.AddSigned(Pki.Leaf.RawData, issuerKey);

        Assert.True(cache.IsKnownSigned(Pki.Leaf.RawData.ToArray(), issuerKey.ToArray()));
        // Same issuer, same subject name and key identifiers, another certificate: not known.
        Assert.False(cache.IsKnownSigned(SameSubjectAndKeyNewSerial(Pki.Leaf, Pki.Intermediate).RawData, issuerKey));
        // The same certificate with a changed signature: not known.
        Assert.False(cache.IsKnownSigned(WithTamperedSignature(Pki.Leaf.RawData), issuerKey));
        // The same certificate against a key with the same subject name: not known.
        Assert.False(cache.IsKnownSigned(Pki.Leaf.RawData, Pki.ImpostorIntermediate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void IsKnownSigned_BoundaryBetweenCertificateAndKey_CannotBeShifted()
    {
        var cache = new CertificateCryptoCache(8);
        cache.AddSigned([1, 2, 3], [4, 5]);

        Assert.False(cache.IsKnownSigned([1, 2], [3, 4, 5]));
        Assert.False(cache.IsKnownSigned([1, 2, 3, 4], [5]));
    }

    [Fact]
    public void AddSigned_ManyCertificates_StaysWithinCapacity()
    {
        var cache = new CertificateCryptoCache(16);
        byte[] issuerKey = Pki.Intermediate.PublicKey.ExportSubjectPublicKeyInfo();
        for (int i = 0; i < 200; i++)
        {
            cache.AddSigned(BitConverter.GetBytes(i), issuerKey);
            Assert.InRange(cache.VerifiedCount, 1, 16);
        }
    }

    [Fact]
    public void DaneTa_TamperedLeafAfterTheGenuineVerified_IsStillRejected()
    {
        var clock = new FixedTimeProvider(TestPki.Now);
        var records = new[] { TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256) };
        var options = DaneVerificationOptions.Default with { TimeProvider = clock };
        DaneVerificationResult genuine = DaneMatcher.Verify(new DaneVerificationRequest(records, [Pki.Leaf, Pki.Intermediate], [TestPki.HostName]) { Options = options });
        Assert.Equal(DaneOutcome.Verified, genuine.Outcome);
        Assert.True(CertificateCryptoCache.Shared.IsKnownSigned(Pki.Leaf.RawData, Pki.Intermediate.PublicKey.ExportSubjectPublicKeyInfo()));

        using X509Certificate2 tampered = X509CertificateLoader.LoadCertificate(WithTamperedSignature(Pki.Leaf.RawData));
        DaneVerificationResult forged = DaneMatcher.Verify(new DaneVerificationRequest(records, [tampered, Pki.Intermediate], [TestPki.HostName]) { Options = options });

        Assert.Equal(DaneOutcome.Failed, forged.Outcome);
        Assert.Equal(DaneFailureKind.SignatureInvalid, forged.FailureKind);
        // Verified again on fresh certificate objects, the genuine chain still passes.
        using X509Certificate2 leafAgain = X509CertificateLoader.LoadCertificate(Pki.Leaf.RawData);
        using X509Certificate2 intermediateAgain = X509CertificateLoader.LoadCertificate(Pki.Intermediate.RawData);
        Assert.Equal(DaneOutcome.Verified, DaneMatcher.Verify(new DaneVerificationRequest(records, [leafAgain, intermediateAgain], [TestPki.HostName]) { Options = options }).Outcome);
    }

    /// <summary>The certificate with the last octet of its signature changed (still well-formed DER).</summary>
    private static byte[] WithTamperedSignature(byte[] certificate)
    {
        byte[] copy = certificate.ToArray();
        copy[^1] ^= 0x01;
        return copy;
    }

    /// <summary>A second certificate from <paramref name="issuer"/> with the subject, key and extensions of <paramref name="original"/>.</summary>
    private static X509Certificate2 SameSubjectAndKeyNewSerial(X509Certificate2 original, X509Certificate2 issuer)
    {
        var request = new CertificateRequest(original.SubjectName, original.PublicKey, HashAlgorithmName.SHA256);
        foreach (X509Extension extension in original.Extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        X509Certificate2 copy = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), original.NotBefore, original.NotAfter, [0x7F, 0x01, 0x02]);
        Assert.False(copy.RawData.AsSpan().SequenceEqual(original.RawData));
        return copy;
    }
}
