using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Adversarial.Tests.Support;

/// <summary>Certificates for the TLS attacks, valid around the real current time unless asked otherwise.</summary>
internal static class Pki
{
    private static int _serial = 1000;

    /// <summary>A self-signed root CA, or with <paramref name="issuer"/> an intermediate CA (which servers do send in their chain).</summary>
    public static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(365));
            return Exportable(cert);
        }

        byte[] serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(365), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    /// <summary>A leaf for <paramref name="dnsName"/>, issued by <paramref name="issuer"/> or self-signed when null.</summary>
    public static X509Certificate2 CreateLeaf(string dnsName, X509Certificate2? issuer = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        DateTimeOffset from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset to = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        if (issuer is null)
        {
            using X509Certificate2 self = request.CreateSelfSigned(from, to);
            return Exportable(self);
        }

        byte[] serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    /// <summary>A copy an SslStream server can use on every platform (ephemeral keys are not always usable).</summary>
    private static X509Certificate2 Exportable(X509Certificate2 cert) => X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
}
