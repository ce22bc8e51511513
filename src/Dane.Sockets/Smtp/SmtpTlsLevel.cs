namespace DaneSockets.Smtp;

/// <summary>
/// How the client must protect a connection to one MX host (RFC 7672 §2.2), named after Postfix's security levels. The
/// default value is <see cref="Skip"/>, so an unset level never sends mail.
/// </summary>
public enum SmtpTlsLevel
{
    /// <summary>Do not connect: the MX host's DNS data is bogus or could not be obtained (RFC 7672 §2.1.1). Postfix skips
    /// such hosts and tries the next one.</summary>
    Skip = 0,

    /// <summary>A secure, usable TLSA RRset exists: STARTTLS is mandatory and the certificate must match it under the SMTP
    /// profile (RFC 7672 §2.2, §3.1); a server without STARTTLS or with a mismatching certificate is not used.</summary>
    Dane = 1,

    /// <summary>A secure TLSA RRset exists but none of its records is usable: STARTTLS is still mandatory, but not
    /// authenticated (RFC 7672 §2.2 "encrypt").</summary>
    Encrypt = 2,

    /// <summary>DANE does not apply (insecure MX or address records, or TLSA proven absent or insecure): STARTTLS when offered,
    /// without authentication, otherwise plaintext (RFC 7672 §1.3, RFC 7435).</summary>
    Opportunistic = 3,
}
