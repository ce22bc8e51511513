namespace DnsSecure.Iana;

/// <summary>DNS Security Algorithm Numbers (IANA registry; RFC 4034 App. A.1, RFC 8624). Other values may be cast.</summary>
public enum DnssecAlgorithm : byte
{
    /// <summary>RSA/MD5 (RFC 3110); MUST NOT be validated (RFC 8624).</summary>
    RsaMd5 = 1,
    /// <summary>Diffie-Hellman (RFC 2539); not for zone signing.</summary>
    DiffieHellman = 2,
    /// <summary>DSA/SHA-1 (RFC 2536); MUST NOT be validated (RFC 8624).</summary>
    DsaSha1 = 3,
    /// <summary>RSA/SHA-1 (RFC 3110).</summary>
    RsaSha1 = 5,
    /// <summary>DSA-NSEC3-SHA1 (RFC 5155); MUST NOT be validated (RFC 8624).</summary>
    DsaNsec3Sha1 = 6,
    /// <summary>RSASHA1-NSEC3-SHA1 (RFC 5155).</summary>
    RsaSha1Nsec3Sha1 = 7,
    /// <summary>RSA/SHA-256 (RFC 5702).</summary>
    RsaSha256 = 8,
    /// <summary>RSA/SHA-512 (RFC 5702).</summary>
    RsaSha512 = 10,
    /// <summary>GOST R 34.10-2001 (RFC 5933); not supported.</summary>
    EccGost = 12,
    /// <summary>ECDSA P-256 with SHA-256 (RFC 6605).</summary>
    EcdsaP256Sha256 = 13,
    /// <summary>ECDSA P-384 with SHA-384 (RFC 6605).</summary>
    EcdsaP384Sha384 = 14,
    /// <summary>Ed25519 (RFC 8080).</summary>
    Ed25519 = 15,
    /// <summary>Ed448 (RFC 8080).</summary>
    Ed448 = 16,
    /// <summary>Indirect keys (RFC 4034); not a signing algorithm.</summary>
    Indirect = 252,
    /// <summary>Private algorithm identified by a domain name (RFC 4034).</summary>
    PrivateDns = 253,
    /// <summary>Private algorithm identified by an OID (RFC 4034).</summary>
    PrivateOid = 254,
}
