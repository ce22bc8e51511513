namespace DaneSockets.Xmpp;

/// <summary>How far a connection attempt to one endpoint got; the default is the earliest failure.</summary>
public enum XmppAttemptStage
{
    /// <summary>DNS forbade or could not support the attempt (bogus TLSA or addresses, no addresses, DANE required but not available).</summary>
    Dns = 0,

    /// <summary>No TCP connection could be made.</summary>
    Connect = 1,

    /// <summary>The server did not offer STARTTLS, refused it, or broke the exchange.</summary>
    StartTls = 2,

    /// <summary>The TLS handshake failed or DANE refused the certificate.</summary>
    Tls = 3,

    /// <summary>Connected and authenticated.</summary>
    Connected = 4,
}
