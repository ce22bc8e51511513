using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace DaneSockets.Matching;

/// <summary>Signature checks with bare public keys, through BouncyCastle. BouncyCastle types stay inside this assembly.</summary>
internal static class BouncyCastleKeys
{
    /// <summary>Decodes a DER SubjectPublicKeyInfo, or returns null when it is not one BouncyCastle understands.</summary>
    public static AsymmetricKeyParameter? TryDecodePublicKey(ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        if (!DerCertificate.IsSingleSequence(subjectPublicKeyInfo))
        {
            return null;
        }

        try
        {
            return PublicKeyFactory.CreateKey(subjectPublicKeyInfo.ToArray());
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            return null;
        }
    }

    /// <summary>Parses a DER certificate, or returns null.</summary>
    public static X509Certificate? TryParseCertificate(byte[] der)
    {
        try
        {
            return new X509CertificateParser().ReadCertificate(der);
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            return null;
        }
    }

    /// <summary>The public key of a parsed certificate, or null when it cannot be decoded.</summary>
    public static AsymmetricKeyParameter? TryGetPublicKey(X509Certificate certificate)
    {
        try
        {
            return certificate.GetPublicKey();
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="key"/> verifies the signature on <paramref name="certificate"/>.</summary>
    public static bool IsSignedBy(X509Certificate certificate, AsymmetricKeyParameter key)
    {
        try
        {
            certificate.Verify(key);
            return true;
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            return false;
        }
    }

    private static bool IsDecodingFailure(Exception ex) =>
        ex is GeneralSecurityException or CertificateException or CryptoException or SecurityUtilityException
            or ArgumentException or InvalidCastException or InvalidOperationException or IOException or FormatException;
}
