using System.Globalization;
using System.Text;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Testing.Signing;

/// <summary>
/// A DNSSEC private key with its role in a zone. Create one with <see cref="Generate"/> or import one with
/// <see cref="ImportPkcs8"/> / <see cref="ImportPem"/>; supported algorithms are 5, 7, 8, 10 (RSA), 13, 14 (ECDSA),
/// 15 and 16 (EdDSA).
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly DnssecPrivateKey _key;

    private SigningKey(DnssecPrivateKey key, SigningKeyRole role)
    {
        _key = key;
        Role = role;
        Dnskey = new DnskeyRdata(FlagsFor(role), 3, key.Algorithm, key.PublicKeyField);
    }

    /// <summary>The algorithm.</summary>
    public DnssecAlgorithm Algorithm => _key.Algorithm;

    /// <summary>The role: ZSK, KSK or CSK.</summary>
    public SigningKeyRole Role { get; }

    /// <summary>True for keys that sign the DNSKEY RRset and that the parent's DS records point at (KSK and CSK).</summary>
    public bool SignsKeySet => Role != SigningKeyRole.ZoneSigningKey;

    /// <summary>True for keys that sign the zone's other RRsets (ZSK and CSK).</summary>
    public bool SignsZoneData => Role != SigningKeyRole.KeySigningKey;

    /// <summary>Key size in bits (RSA modulus or curve size).</summary>
    public int KeySize => _key.KeySize;

    /// <summary>The DNSKEY RDATA: flags 256 for a ZSK, 257 (SEP) for a KSK or CSK, protocol 3 (RFC 4034 §2.1).</summary>
    public DnskeyRdata Dnskey { get; }

    /// <summary>The key tag (RFC 4034 App. B).</summary>
    public ushort KeyTag => Dnskey.KeyTag;

    /// <summary>Generates a key. <paramref name="rsaKeySize"/> is the RSA modulus size (default 2048; ignored by other algorithms).</summary>
    /// <exception cref="NotSupportedException">The algorithm cannot sign.</exception>
    public static SigningKey Generate(DnssecAlgorithm algorithm, SigningKeyRole role = SigningKeyRole.ZoneSigningKey, int rsaKeySize = DnssecPrivateKey.DefaultRsaKeySize) =>
        new(DnssecPrivateKey.Generate(algorithm, rsaKeySize), role);

    /// <summary>Imports an unencrypted PKCS #8 private key (DER) for <paramref name="algorithm"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The data is not such a key.</exception>
    public static SigningKey ImportPkcs8(DnssecAlgorithm algorithm, ReadOnlySpan<byte> pkcs8, SigningKeyRole role = SigningKeyRole.ZoneSigningKey) =>
        new(DnssecPrivateKey.ImportPkcs8(algorithm, pkcs8), role);

    /// <summary>Imports a PEM <c>PRIVATE KEY</c> block (unencrypted PKCS #8) for <paramref name="algorithm"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The text holds no such key.</exception>
    public static SigningKey ImportPem(DnssecAlgorithm algorithm, string pem, SigningKeyRole role = SigningKeyRole.ZoneSigningKey) =>
        new(DnssecPrivateKey.ImportPem(algorithm, pem), role);

    /// <summary>Signs a signing input (RFC 4034 §3.1.8.1) and returns the RRSIG signature field.</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput) => _key.Sign(signingInput);

    /// <summary>The DS RDATA the parent of <paramref name="owner"/> publishes for this key (RFC 4034 §5.1.4).</summary>
    /// <exception cref="NotSupportedException">The digest type is not supported.</exception>
    public DsRdata ToDs(DomainName owner, DigestType digestType)
    {
        ArgumentNullException.ThrowIfNull(owner);
        byte[] digest = DsDigest.Compute(digestType, owner, Dnskey.ToWire())
            ?? throw new NotSupportedException($"DS digest type {(byte)digestType} is not supported.");
        return new DsRdata(KeyTag, Algorithm, digestType, digest);
    }

    /// <summary>The private key as unencrypted PKCS #8 DER.</summary>
    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    /// <summary>The file name stem BIND uses for this key: <c>K&lt;owner&gt;+&lt;alg&gt;+&lt;tag&gt;</c>.</summary>
    public string GetBindFileStem(DomainName owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return string.Create(CultureInfo.InvariantCulture, $"K{owner.ToLowerCase()}+{(byte)Algorithm:D3}+{KeyTag:D5}");
    }

    /// <summary>The contents of BIND's <c>K*.key</c> file: a comment and the DNSKEY record.</summary>
    public string ToBindPublicKeyFile(DomainName owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var sb = new StringBuilder();
        sb.Append("; This is a ").Append(SignsKeySet ? "key-signing" : "zone-signing").Append(" key, keyid ")
            .Append(KeyTag.ToString(CultureInfo.InvariantCulture)).Append(", for ").Append(owner).Append('\n');
        sb.Append(new ResourceRecord(owner, 3600, Dnskey)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The contents of BIND's <c>K*.private</c> file (format v1.3).</summary>
    public string ToBindPrivateKeyFile(DateTimeOffset created) => _key.ToBindPrivateKeyFile(created);

    /// <summary>Algorithm, role and key tag.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{DnssecPrivateKey.MnemonicOf(Algorithm)} {Role} {KeyTag}");

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();

    private static ushort FlagsFor(SigningKeyRole role) =>
        role == SigningKeyRole.ZoneSigningKey
            ? DnskeyFormat.ZoneKeyFlag
            : (ushort)(DnskeyFormat.ZoneKeyFlag | DnskeyFormat.SecureEntryPointFlag);
}
