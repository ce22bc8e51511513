namespace DnsSecure.Testing.Signing;

/// <summary>How a signed zone proves that names and types do not exist.</summary>
public enum DenialOfExistence
{
    /// <summary>An NSEC chain through the authoritative names in canonical order (RFC 4034 §4, RFC 4035 §2.3).</summary>
    Nsec = 0,

    /// <summary>An NSEC3 chain through the hashed names, with an NSEC3PARAM at the apex (RFC 5155 §7.1).</summary>
    Nsec3,
}
