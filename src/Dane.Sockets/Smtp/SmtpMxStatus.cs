namespace DaneSockets.Smtp;

/// <summary>How a connection to one MX host ended. The default value is <see cref="Skipped"/>: nothing was sent.</summary>
public enum SmtpMxStatus
{
    /// <summary>Not connected: the plan said <see cref="SmtpTlsLevel.Skip"/>.</summary>
    Skipped = 0,

    /// <summary>No TCP connection could be made.</summary>
    ConnectFailed = 1,

    /// <summary>The server broke the protocol, closed the connection, or answered a command with an error.</summary>
    SessionFailed = 2,

    /// <summary>TLS was mandatory but the server did not offer STARTTLS or refused it (RFC 7672 §2.2); the session was abandoned.</summary>
    StartTlsUnavailable = 3,

    /// <summary>The certificate did not satisfy the TLSA records (RFC 7672 §3): the connection was abandoned before MAIL FROM.</summary>
    DaneRefused = 4,

    /// <summary>The TLS handshake failed for another reason.</summary>
    TlsFailed = 5,

    /// <summary>TLS authenticated by DANE.</summary>
    DaneAuthenticated = 6,

    /// <summary>TLS without authentication (<see cref="SmtpTlsLevel.Encrypt"/> or <see cref="SmtpTlsLevel.Opportunistic"/>).</summary>
    Encrypted = 7,

    /// <summary>Plaintext: the plan was opportunistic and the server did not offer STARTTLS.</summary>
    Plaintext = 8,

    /// <summary>
    /// Plaintext after a failed TLS handshake: the plan was opportunistic (no usable secure TLSA), the server offered STARTTLS
    /// but the handshake failed, so the client connected again without STARTTLS (RFC 7435 §3, Postfix's behaviour; see
    /// <see cref="SmtpDaneOptions.RetryPlaintextAfterTlsFailure"/>). The first attempt's failure is in the detail and transcript.
    /// </summary>
    PlaintextAfterTlsFailure = 9,

    /// <summary>
    /// The message needs the SMTPUTF8 extension (an envelope address is not ASCII) and the server did not advertise it
    /// (RFC 6531 §3.2): the session was ended before MAIL FROM and nothing was sent.
    /// </summary>
    SmtpUtf8Unavailable = 10,
}
