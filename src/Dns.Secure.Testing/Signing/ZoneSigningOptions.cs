using DnsSecure.Iana;

namespace DnsSecure.Testing.Signing;

/// <summary>
/// How <see cref="ZoneSigner"/> signs a zone. Every property has a usable default: ECDSA P-256 with a generated KSK and
/// ZSK, NSEC, signatures valid from one hour ago for 30 days, SHA-256 DS records. Validated and copied when the signer
/// is built, so later changes do not affect it.
/// </summary>
public sealed class ZoneSigningOptions
{
    /// <summary>Keys to sign with. When empty, keys of <see cref="Algorithm"/> are generated (a KSK and a ZSK, or one CSK).</summary>
    public IList<SigningKey> Keys { get; } = new List<SigningKey>();

    /// <summary>Algorithm of generated keys.</summary>
    public DnssecAlgorithm Algorithm { get; set; } = DnssecAlgorithm.EcdsaP256Sha256;

    /// <summary>Generate one combined signing key instead of a KSK and a ZSK.</summary>
    public bool UseCombinedSigningKey { get; set; }

    /// <summary>RSA modulus size of generated RSA keys, in bits.</summary>
    public int RsaKeySize { get; set; } = 2048;

    /// <summary>NSEC or NSEC3.</summary>
    public DenialOfExistence Denial { get; set; } = DenialOfExistence.Nsec;

    /// <summary>NSEC3 salt (RFC 5155 §3.1.5); empty by default, as RFC 9276 §3.1 recommends.</summary>
    public ReadOnlyMemory<byte> Nsec3Salt { get; set; }

    /// <summary>NSEC3 additional iterations (RFC 5155 §3.1.4); 0 by default (RFC 9276 §3.1).</summary>
    public ushort Nsec3Iterations { get; set; }

    /// <summary>Set the NSEC3 opt-out flag and leave insecure delegations out of the chain (RFC 5155 §6).</summary>
    public bool Nsec3OptOut { get; set; }

    /// <summary>Signature inception; default: one hour before the time provider's now.</summary>
    public DateTimeOffset? Inception { get; set; }

    /// <summary>Signature expiration; default: 30 days after the time provider's now. May precede now, to make expired signatures.</summary>
    public DateTimeOffset? Expiration { get; set; }

    /// <summary>Clock for the default validity window.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>TTL of the DNSKEY RRset and of the DS records; default: the SOA record's TTL.</summary>
    public uint? DnskeyTtl { get; set; }

    /// <summary>Digest types of the DS records made for the parent.</summary>
    public IList<DigestType> DsDigestTypes { get; } = new List<DigestType> { DigestType.Sha256 };
}
