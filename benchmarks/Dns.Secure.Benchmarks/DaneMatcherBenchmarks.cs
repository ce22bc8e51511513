using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using DaneSockets.Matching;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The DANE certificate check that runs once per TLS connection: <see cref="DaneMatcher.Verify"/> on a root → intermediate →
/// leaf chain (ECDSA P-256) for DANE-EE <c>3 1 1</c>, DANE-TA <c>2 1 1</c> (the root is presented and published) and
/// PKIX-EE <c>1 1 1</c> (chain built against a custom trust store holding the root).
/// </summary>
[MemoryDiagnoser]
public class DaneMatcherBenchmarks
{
    private const string HostName = "www.example";
    private readonly List<X509Certificate2> _owned = [];
    private DaneVerificationRequest _daneEe = null!;
    private DaneVerificationRequest _daneTa = null!;
    private DaneVerificationRequest _pkixEe = null!;

    [GlobalSetup]
    public void Setup()
    {
        X509Certificate2 root = Ca("CN=Bench Root", null);
        X509Certificate2 intermediate = Ca("CN=Bench Intermediate", root);
        X509Certificate2 leaf = Leaf(intermediate);
        string[] names = [HostName];
        _daneEe = new DaneVerificationRequest([Tlsa(TlsaCertificateUsage.DaneEe, leaf)], [leaf, intermediate], names);
        _daneTa = new DaneVerificationRequest([Tlsa(TlsaCertificateUsage.DaneTa, root)], [leaf, intermediate, root], names);
        _pkixEe = new DaneVerificationRequest([Tlsa(TlsaCertificateUsage.PkixEe, leaf)], [leaf, intermediate], names)
        {
            Options = new DaneVerificationOptions { PkixTrustStore = [root] },
        };
        foreach (DaneVerificationRequest request in new[] { _daneEe, _daneTa, _pkixEe })
        {
            if (!DaneMatcher.Verify(request).IsVerified)
            {
                throw new InvalidOperationException($"The benchmark set-up does not verify: {DaneMatcher.Verify(request)}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (X509Certificate2 certificate in _owned)
        {
            certificate.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "3 1 1 DANE-EE")]
    public bool DaneEe() => DaneMatcher.Verify(_daneEe).IsVerified;

    [Benchmark(Description = "2 1 1 DANE-TA")]
    public bool DaneTa() => DaneMatcher.Verify(_daneTa).IsVerified;

    [Benchmark(Description = "1 1 1 PKIX-EE")]
    public bool PkixEe() => DaneMatcher.Verify(_pkixEe).IsVerified;

    private static TlsaRdata Tlsa(TlsaCertificateUsage usage, X509Certificate2 certificate) =>
        new(usage, TlsaSelector.Spki, TlsaMatchingType.Sha256, SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private X509Certificate2 Ca(string subject, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Issue(request, key, issuer);
    }

    private X509Certificate2 Leaf(X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + HostName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(HostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return Issue(request, key, issuer);
    }

    private X509Certificate2 Issue(CertificateRequest request, ECDsa key, X509Certificate2? issuer)
    {
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddDays(-1), notAfter = DateTimeOffset.UtcNow.AddDays(30);
        X509Certificate2 certificate;
        if (issuer is null)
        {
            certificate = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            using X509Certificate2 issued = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
            certificate = issued.CopyWithPrivateKey(key);
        }

        _owned.Add(certificate);
        return certificate;
    }
}
