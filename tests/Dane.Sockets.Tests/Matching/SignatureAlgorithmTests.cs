using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Matching;

/// <summary>DANE-TA(2) signature checks across key types: ECDSA and RSA PKCS#1 (platform) and RSA-PSS (BouncyCastle).</summary>
public sealed class SignatureAlgorithmTests
{
    private static readonly DaneVerificationOptions Options = DaneVerificationOptions.Default with { TimeProvider = new FixedTimeProvider(TestPki.Now) };

    // RSA key generation is slow; the RSA cases share four keys (distinct per role).
    private static readonly Lazy<RSA>[] RsaKeys = [.. Enumerable.Range(0, 4).Select(_ => new Lazy<RSA>(() => RSA.Create(2048)))];

    public static TheoryData<string> Algorithms() => ["ecdsa-p384", "rsa-pkcs1", "rsa-pss"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_BareAnchorKey_AcceptsOnlyTheKeyThatSigned(string algorithm)
    {
        (X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 leaf) = CreateChain(algorithm);
        X509Certificate2 otherRoot = Create("CN=Alg Root", algorithm, issuer: null, ca: true, role: 3);

        DaneVerificationResult genuine = Verify(root, [leaf, intermediate]);
        DaneVerificationResult impostor = Verify(otherRoot, [leaf, intermediate]);

        Assert.Equal(DaneOutcome.Verified, genuine.Outcome);
        Assert.Equal(1, genuine.MatchDepth);
        Assert.Equal(DaneFailureKind.NoMatch, impostor.FailureKind);
    }

    private static DaneVerificationResult Verify(X509Certificate2 anchor, X509Certificate2[] chain) =>
        DaneMatcher.Verify(new DaneVerificationRequest(
            [TlsaRecords.For(anchor, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full)], chain, [TestPki.HostName]) { Options = Options });

    private static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf) CreateChain(string algorithm)
    {
        X509Certificate2 root = Create("CN=Alg Root", algorithm, issuer: null, ca: true, role: 0);
        X509Certificate2 intermediate = Create("CN=Alg Intermediate", algorithm, root, ca: true, role: 1);
        X509Certificate2 leaf = Create("CN=" + TestPki.HostName, algorithm, intermediate, ca: false, role: 2);
        return (root, intermediate, leaf);
    }

    private static X509Certificate2 Create(string subject, string algorithm, X509Certificate2? issuer, bool ca, int role)
    {
        DateTimeOffset from = TestPki.Now.AddDays(-1), to = TestPki.Now.AddDays(1);
        AsymmetricAlgorithm key = algorithm == "ecdsa-p384" ? ECDsa.Create(ECCurve.NamedCurves.nistP384) : RsaKeys[role].Value;
        RSASignaturePadding padding = algorithm == "rsa-pss" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        CertificateRequest request = key is ECDsa ec
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA384)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, padding);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        if (!ca)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(TestPki.HostName);
            request.CertificateExtensions.Add(san.Build());
        }

        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        X509SignatureGenerator generator = issuer.GetECDsaPrivateKey() is { } issuerEc
            ? X509SignatureGenerator.CreateForECDsa(issuerEc)
            : X509SignatureGenerator.CreateForRSA(issuer.GetRSAPrivateKey()!, padding);
        using X509Certificate2 issued = request.Create(issuer.SubjectName, generator, from, to, [1, 2, 3, (byte)subject.Length]);
        return key is ECDsa e ? issued.CopyWithPrivateKey(e) : issued.CopyWithPrivateKey((RSA)key);
    }
}
