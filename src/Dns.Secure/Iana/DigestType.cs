namespace DnsSecure.Iana;

/// <summary>Delegation Signer (DS) Resource Record Digest Algorithms (IANA registry). Other values may be cast.</summary>
public enum DigestType : byte
{
    /// <summary>SHA-1 (RFC 4034); weaker than SHA-256, which is preferred when both are present (RFC 4509 §3).</summary>
    Sha1 = 1,
    /// <summary>SHA-256 (RFC 4509).</summary>
    Sha256 = 2,
    /// <summary>GOST R 34.11-94 (RFC 5933); not supported.</summary>
    Gost94 = 3,
    /// <summary>SHA-384 (RFC 6605).</summary>
    Sha384 = 4,
}
