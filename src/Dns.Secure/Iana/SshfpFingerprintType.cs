namespace DnsSecure.Iana;

/// <summary>SSHFP RR types for fingerprint types (IANA registry; RFC 4255, RFC 6594). Other values may be cast.</summary>
public enum SshfpFingerprintType : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,
    /// <summary>SHA-1 (RFC 4255).</summary>
    Sha1 = 1,
    /// <summary>SHA-256 (RFC 6594).</summary>
    Sha256 = 2,
}
