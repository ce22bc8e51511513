using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// One DNSSEC signature algorithm: how its DNSKEY public-key field, its RRSIG signature field and its private keys
/// are encoded, and which primitive checks and makes signatures.
/// <list type="bullet">
/// <item><term>Public-key field</term><description>the DNSKEY RDATA after flags, protocol and algorithm (RFC 4034 §2.1.4).</description></item>
/// <item><term>Signing input</term><description>RRSIG RDATA without the signature, then the canonical RRset (RFC 4034 §3.1.8.1).</description></item>
/// <item><term>Wire signature</term><description>the RRSIG signature field: PKCS #1 v1.5 octets (RFC 3110), r‖s (RFC 6605), R‖S (RFC 8080).</description></item>
/// </list>
/// Instances are stateless singletons; importing a key is the expensive part, so callers go through
/// <see cref="VerificationKeyCache"/>.
/// </summary>
internal abstract class SignatureAlgorithm
{
    private static readonly SignatureAlgorithm?[] s_byNumber = CreateTable();

    private protected SignatureAlgorithm(DnssecAlgorithm algorithm) => Algorithm = algorithm;

    /// <summary>The IANA algorithm number.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>The RRSIG signature length for this algorithm, or 0 when it depends on the key (RSA).</summary>
    public abstract int FixedSignatureLength { get; }

    /// <summary>The implementation for <paramref name="algorithm"/>, or null when it is unknown or not supported for validation (RFC 8624 §3.1).</summary>
    public static SignatureAlgorithm? Get(DnssecAlgorithm algorithm) => s_byNumber[(byte)algorithm];

    /// <summary>True when signatures of <paramref name="algorithm"/> can be verified.</summary>
    public static bool IsSupported(DnssecAlgorithm algorithm) => Get(algorithm) is not null;

    /// <summary>Imports a DNSKEY public-key field; null when the field is malformed for this algorithm.</summary>
    public abstract VerificationKey? ImportPublicKey(ReadOnlySpan<byte> publicKeyField);

    /// <summary>Generates a fresh private key. <paramref name="keySize"/> is the RSA modulus size in bits and is ignored by other algorithms.</summary>
    public abstract DnssecPrivateKey GenerateKey(int keySize);

    /// <summary>Imports an unencrypted PKCS #8 private key of this algorithm.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The data is not a key of this algorithm.</exception>
    public abstract DnssecPrivateKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> pkcs8);

    private static SignatureAlgorithm?[] CreateTable()
    {
        var table = new SignatureAlgorithm?[256];
        // RFC 8624 §3.1: RSAMD5, DSA and GOST are not validated; the rest are.
        table[(byte)DnssecAlgorithm.RsaSha1] = new RsaSignatureAlgorithm(DnssecAlgorithm.RsaSha1);
        table[(byte)DnssecAlgorithm.RsaSha1Nsec3Sha1] = new RsaSignatureAlgorithm(DnssecAlgorithm.RsaSha1Nsec3Sha1);
        table[(byte)DnssecAlgorithm.RsaSha256] = new RsaSignatureAlgorithm(DnssecAlgorithm.RsaSha256);
        table[(byte)DnssecAlgorithm.RsaSha512] = new RsaSignatureAlgorithm(DnssecAlgorithm.RsaSha512);
        table[(byte)DnssecAlgorithm.EcdsaP256Sha256] = new EcdsaSignatureAlgorithm(DnssecAlgorithm.EcdsaP256Sha256);
        table[(byte)DnssecAlgorithm.EcdsaP384Sha384] = new EcdsaSignatureAlgorithm(DnssecAlgorithm.EcdsaP384Sha384);
        table[(byte)DnssecAlgorithm.Ed25519] = new EdDsaSignatureAlgorithm(DnssecAlgorithm.Ed25519);
        table[(byte)DnssecAlgorithm.Ed448] = new EdDsaSignatureAlgorithm(DnssecAlgorithm.Ed448);
        return table;
    }
}
