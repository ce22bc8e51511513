using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneTesting;

/// <summary>
/// ECDSA P-256 certificates made by the tests, each with its private key and usable by an <c>SslStream</c> server on
/// every platform (ephemeral keys are not always). Valid around the real current time unless dates are given.
/// </summary>
public static class TestCertificates
{
    /// <summary>The id-kp-serverAuth extended key usage (RFC 5280 §4.2.1.12).</summary>
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private static int s_serial = 1000;

    /// <summary>A self-signed server certificate for <paramref name="dnsName"/> (subject and SAN), valid from yesterday for 30 days.</summary>
    public static X509Certificate2 SelfSigned(string dnsName) => CreateLeaf(dnsName);

    /// <summary>
    /// A self-signed root CA, or with <paramref name="issuer"/> an intermediate CA; valid from 30 days ago for a year
    /// unless dates are given.
    /// </summary>
    public static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Issue(request, key, issuer, notBefore ?? DateTimeOffset.UtcNow.AddDays(-30), notAfter ?? DateTimeOffset.UtcNow.AddDays(365));
    }

    /// <summary>
    /// A certificate for <paramref name="dnsName"/> (SAN; subject <c>CN=</c>name unless <paramref name="subject"/>), issued by
    /// <paramref name="issuer"/> or self-signed when null, valid from yesterday for 30 days unless dates are given. With
    /// <paramref name="serverAuth"/> it carries the serverAuth extended key usage; <paramref name="ca"/> sets the CA flag of
    /// its basic constraints (without the key usages a CA needs).
    /// </summary>
    public static X509Certificate2 CreateLeaf(
        string dnsName, X509Certificate2? issuer = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        bool ca = false, string? subject = null, bool serverAuth = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject ?? "CN=" + dnsName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (serverAuth)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        }

        return Issue(request, key, issuer, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A CA (<c>CN=Test CA</c>) and a leaf it issued for <paramref name="dnsName"/>.</summary>
    public static (X509Certificate2 Ca, X509Certificate2 Leaf) Issued(string dnsName)
    {
        X509Certificate2 ca = CreateCa("CN=Test CA");
        return (ca, CreateLeaf(dnsName, ca));
    }

    /// <summary>A certificate issued by <paramref name="issuer"/> (a CA when <paramref name="dnsName"/> is null), with an
    /// authority information access extension naming <paramref name="aiaUrl"/> as its issuer's location when given.</summary>
    public static X509Certificate2 IssueWithAia(string subject, X509Certificate2 issuer, string? aiaUrl, string? dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(dnsName is null, false, 0, true));
        if (dnsName is null)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        }
        else
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        if (aiaUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [aiaUrl]));
        }

        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The SHA-256 of the certificate's SubjectPublicKeyInfo, in upper-case hex.</summary>
    public static string SpkiSha256(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>Accepts a chain ending in <paramref name="root"/> whose name matched; rejects anything else.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 root) => (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    };

    private static X509Certificate2 Issue(CertificateRequest request, ECDsa key, X509Certificate2? issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (issuer is null)
        {
            using X509Certificate2 self = request.CreateSelfSigned(notBefore, notAfter);
            return Exportable(self);
        }

        byte[] serial = BitConverter.GetBytes(Interlocked.Increment(ref s_serial));
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"The issuer {issuer.Subject} has no ECDSA private key.", nameof(issuer));
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    /// <summary>A copy an SslStream server can use on every platform.</summary>
    private static X509Certificate2 Exportable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
