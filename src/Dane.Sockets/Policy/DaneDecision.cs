namespace DaneSockets.Policy;

/// <summary>What to do with a TLS connection once DANE has had its say.</summary>
public enum DaneDecision
{
    /// <summary>Refuse the connection (for SMTP: defer delivery to this host). The default value.</summary>
    Reject = 0,

    /// <summary>Accept: a usable TLSA record authenticated the peer. PKIX plays no further part.</summary>
    AcceptDane = 1,

    /// <summary>DANE does not apply; accept if, and only if, ordinary PKIX validation of the peer succeeds.</summary>
    AcceptPkix = 2,
}
