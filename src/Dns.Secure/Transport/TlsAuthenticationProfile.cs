namespace DnsSecure.Transport;

/// <summary>The usage profile of a DNS-over-TLS server (RFC 8310 §5).</summary>
public enum TlsAuthenticationProfile
{
    /// <summary>Strict: the query fails when the server cannot be authenticated (RFC 8310 §5.1).</summary>
    Strict = 0,

    /// <summary>
    /// Opportunistic: authentication is attempted, and a failure is logged but the connection is used anyway
    /// (RFC 8310 §5.2). It protects against passive observers only.
    /// </summary>
    DangerousOpportunistic = 1,
}
