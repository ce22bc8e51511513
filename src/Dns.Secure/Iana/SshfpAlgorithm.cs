namespace DnsSecure.Iana;

/// <summary>SSHFP RR Types for public key algorithms (IANA registry; RFC 4255, RFC 6594, RFC 7479, RFC 8709).
/// Other values may be cast.</summary>
public enum SshfpAlgorithm : byte
{
    /// <summary>Reserved.</summary>
    Reserved = 0,
    /// <summary>RSA (RFC 4255).</summary>
    Rsa = 1,
    /// <summary>DSA (RFC 4255).</summary>
    Dsa = 2,
    /// <summary>ECDSA (RFC 6594).</summary>
    Ecdsa = 3,
    /// <summary>Ed25519 (RFC 7479).</summary>
    Ed25519 = 4,
    /// <summary>Ed448 (RFC 8709).</summary>
    Ed448 = 6,
}
