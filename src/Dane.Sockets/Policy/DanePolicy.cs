namespace DaneSockets.Policy;

/// <summary>How much a connection insists on DANE.</summary>
public enum DanePolicy
{
    /// <summary>DANE authentication is mandatory: without a secure, usable TLSA RRset that matches, the connection is
    /// refused. The default value, so an unset policy never relaxes security.</summary>
    Required = 0,

    /// <summary>Use DANE when the peer publishes secure, usable TLSA records (then it is binding); otherwise fall back to
    /// ordinary PKIX validation (RFC 7672 §1.3 "opportunistic DANE TLS", RFC 7435).</summary>
    Opportunistic = 1,
}
