using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DaneSockets.Matching;

/// <summary>
/// A public key known by its DER SubjectPublicKeyInfo: a certificate's key, or the bare key of a "2 1 0" record.
/// Signatures are checked with the platform's RSA/ECDSA where it can (fast), and with BouncyCastle otherwise
/// (Ed25519, Ed448, RSA-PSS, DSA …).
/// </summary>
internal sealed class SubjectPublicKey : IDisposable
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private readonly byte[] _spki;
    private readonly Lazy<AsymmetricKeyParameter?> _bouncyCastle;
    private readonly AsymmetricAlgorithm? _platform;

    private SubjectPublicKey(byte[] spki)
    {
        _spki = spki;
        // Imported once, up front: a key may be shared by threads (CertificateCryptoCache), so nothing is initialised lazily
        // without a lock.
        _platform = ImportPlatformKey(spki);
        _bouncyCastle = new Lazy<AsymmetricKeyParameter?>(() => BouncyCastleKeys.TryDecodePublicKey(_spki), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The DER SubjectPublicKeyInfo octets.</summary>
    public ReadOnlySpan<byte> Encoded => _spki;

    /// <summary>Wraps a SubjectPublicKeyInfo; null when it is not exactly one DER SEQUENCE that either the platform or
    /// BouncyCastle can decode (RFC 7671 §4.1: such Full(0) data is unusable).</summary>
    public static SubjectPublicKey? TryCreate(ReadOnlyMemory<byte> spki)
    {
        if (!DerCertificate.IsSingleSequence(spki))
        {
            return null;
        }

        var key = new SubjectPublicKey(spki.ToArray());
        if (key.Platform is null && key.BouncyCastle is null)
        {
            key.Dispose();
            return null;
        }

        return key;
    }

    /// <summary>The key as a platform algorithm (<see cref="ECDsa"/> or <see cref="RSA"/>), or null.</summary>
    public AsymmetricAlgorithm? Platform => _platform;

    /// <summary>The key for BouncyCastle, or null when BouncyCastle cannot decode it.</summary>
    public AsymmetricKeyParameter? BouncyCastle => _bouncyCastle.Value;

    /// <summary>
    /// Checks a signature with the platform for ECDSA and RSA PKCS#1 v1.5 with SHA-2; returns null when the algorithm
    /// or key is one the platform path does not handle, so the caller falls back to BouncyCastle.
    /// </summary>
    public bool? TryVerifyWithPlatform(string signatureAlgorithmOid, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        (HashAlgorithmName hash, bool ecdsa)? algorithm = signatureAlgorithmOid switch
        {
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, true),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, true),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, true),
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, false),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, false),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, false),
            _ => null,
        };
        if (algorithm is not { } a || Platform is not { } key)
        {
            return null;
        }

        try
        {
            return (a.ecdsa, key) switch
            {
                (true, ECDsa ec) => ec.VerifyData(signedData, signature, a.hash, DSASignatureFormat.Rfc3279DerSequence),
                (false, RSA rsa) => rsa.VerifyData(signedData, signature, a.hash, RSASignaturePadding.Pkcs1),
                _ => false, // the key's type cannot have made this signature
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _platform?.Dispose();

    private static AsymmetricAlgorithm? ImportPlatformKey(byte[] spki)
    {
        string oid;
        try
        {
            AsnReader algorithm = new AsnReader(spki, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return null;
        }

        AsymmetricAlgorithm? key = oid switch
        {
            EcPublicKeyOid => ECDsa.Create(),
            RsaEncryptionOid => RSA.Create(),
            _ => null,
        };
        if (key is null)
        {
            return null;
        }

        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out int read);
            if (read == spki.Length)
            {
                return key;
            }
        }
        catch (CryptographicException)
        {
            // Not a key the platform understands; BouncyCastle may.
        }

        key.Dispose();
        return null;
    }
}
