namespace DnsSecure.Testing.Signing;

/// <summary>What a signing key signs in a zone (RFC 6781 §3.1).</summary>
public enum SigningKeyRole
{
    /// <summary>Zone-signing key (ZSK): flags 256, signs every RRset but the DNSKEY RRset.</summary>
    ZoneSigningKey = 0,

    /// <summary>Key-signing key (KSK): flags 257 (SEP), signs the DNSKEY RRset; the parent's DS points at it.</summary>
    KeySigningKey,

    /// <summary>Combined signing key (CSK): flags 257, signs every RRset; the parent's DS points at it.</summary>
    CombinedSigningKey,
}
