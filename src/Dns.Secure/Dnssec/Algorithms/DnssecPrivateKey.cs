using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// A DNSSEC private key: signs signing inputs into RRSIG wire signatures and exports its DNSKEY public-key field.
/// Used by the zone signer; validators never need it.
/// </summary>
internal abstract class DnssecPrivateKey : IDisposable
{
    /// <summary>RSA modulus size used when none is given.</summary>
    public const int DefaultRsaKeySize = 2048;

    private readonly byte[] _publicKeyField;

    private protected DnssecPrivateKey(DnssecAlgorithm algorithm, byte[] publicKeyField)
    {
        Algorithm = algorithm;
        _publicKeyField = publicKeyField;
    }

    /// <summary>The algorithm.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>The DNSKEY public-key field (RFC 3110 §2, RFC 6605 §4, RFC 8080 §3).</summary>
    public ReadOnlyMemory<byte> PublicKeyField => _publicKeyField;

    /// <summary>Key size in bits (the RSA modulus, the curve size).</summary>
    public abstract int KeySize { get; }

    /// <summary>Generates a key for <paramref name="algorithm"/>; <paramref name="rsaKeySize"/> applies to RSA only.</summary>
    /// <exception cref="NotSupportedException">The algorithm cannot be used for signing.</exception>
    public static DnssecPrivateKey Generate(DnssecAlgorithm algorithm, int rsaKeySize = DefaultRsaKeySize) =>
        GetAlgorithm(algorithm).GenerateKey(rsaKeySize);

    /// <summary>Imports an unencrypted PKCS #8 private key (DER) to be used with <paramref name="algorithm"/>.</summary>
    /// <exception cref="CryptographicException">The data is not a key of that algorithm.</exception>
    public static DnssecPrivateKey ImportPkcs8(DnssecAlgorithm algorithm, ReadOnlySpan<byte> pkcs8) =>
        GetAlgorithm(algorithm).ImportPkcs8PrivateKey(pkcs8);

    /// <summary>Imports a PEM <c>PRIVATE KEY</c> block (unencrypted PKCS #8).</summary>
    /// <exception cref="CryptographicException">The text holds no such key of that algorithm.</exception>
    public static DnssecPrivateKey ImportPem(DnssecAlgorithm algorithm, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out PemFields fields) || !pem.AsSpan(fields.Label).SequenceEqual("PRIVATE KEY"))
        {
            throw new CryptographicException("No PEM PRIVATE KEY block found.");
        }

        return ImportPkcs8(algorithm, Convert.FromBase64String(pem[fields.Base64Data]));
    }

    /// <summary>Signs <paramref name="signingInput"/> (RFC 4034 §3.1.8.1) and returns the RRSIG signature field.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> signingInput);

    /// <summary>The private key as unencrypted PKCS #8 DER.</summary>
    public abstract byte[] ExportPkcs8PrivateKey();

    /// <summary>The key in BIND's <c>K&lt;name&gt;+&lt;alg&gt;+&lt;tag&gt;.private</c> format (v1.3).</summary>
    public string ToBindPrivateKeyFile(DateTimeOffset created)
    {
        var fields = new List<KeyValuePair<string, byte[]>>();
        AppendBindPrivateFields(fields);
        var sb = new StringBuilder();
        sb.Append("Private-key-format: v1.3\n");
        sb.Append("Algorithm: ").Append((byte)Algorithm).Append(" (").Append(MnemonicOf(Algorithm)).Append(")\n");
        foreach (KeyValuePair<string, byte[]> field in fields)
        {
            sb.Append(field.Key).Append(": ").Append(Convert.ToBase64String(field.Value)).Append('\n');
        }

        string stamp = created.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        sb.Append("Created: ").Append(stamp).Append('\n');
        sb.Append("Publish: ").Append(stamp).Append('\n');
        sb.Append("Activate: ").Append(stamp).Append('\n');
        return sb.ToString();
    }

    /// <summary>The DNSSEC mnemonic of an algorithm (RFC 4034 App. A.1 and the IANA registry), e.g. <c>RSASHA256</c>.</summary>
    public static string MnemonicOf(DnssecAlgorithm algorithm) => algorithm switch
    {
        DnssecAlgorithm.RsaMd5 => "RSAMD5",
        DnssecAlgorithm.DsaSha1 => "DSA",
        DnssecAlgorithm.RsaSha1 => "RSASHA1",
        DnssecAlgorithm.DsaNsec3Sha1 => "DSA-NSEC3-SHA1",
        DnssecAlgorithm.RsaSha1Nsec3Sha1 => "RSASHA1-NSEC3-SHA1",
        DnssecAlgorithm.RsaSha256 => "RSASHA256",
        DnssecAlgorithm.RsaSha512 => "RSASHA512",
        DnssecAlgorithm.EccGost => "ECC-GOST",
        DnssecAlgorithm.EcdsaP256Sha256 => "ECDSAP256SHA256",
        DnssecAlgorithm.EcdsaP384Sha384 => "ECDSAP384SHA384",
        DnssecAlgorithm.Ed25519 => "ED25519",
        DnssecAlgorithm.Ed448 => "ED448",
        _ => ((byte)algorithm).ToString(CultureInfo.InvariantCulture),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the primitive's key object.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Adds the algorithm-specific fields of the BIND private-key file, in BIND's order.</summary>
    private protected abstract void AppendBindPrivateFields(List<KeyValuePair<string, byte[]>> fields);

    private static SignatureAlgorithm GetAlgorithm(DnssecAlgorithm algorithm) =>
        SignatureAlgorithm.Get(algorithm) ?? throw new NotSupportedException($"Algorithm {MnemonicOf(algorithm)} is not supported for signing.");
}
