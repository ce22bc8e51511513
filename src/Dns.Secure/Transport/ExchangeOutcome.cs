namespace DnsSecure.Transport;

/// <summary>What became of one query sent to one server over one transport.</summary>
internal enum ExchangeOutcome
{
    /// <summary>A network error: unreachable, refused, reset before a reply.</summary>
    NetworkError = 0,

    /// <summary>A matching response arrived.</summary>
    Response,

    /// <summary>No matching response before the deadline.</summary>
    Timeout,

    /// <summary>The stream connection closed with the query still pending.</summary>
    ConnectionClosed,

    /// <summary>The DNS-over-TLS server could not be authenticated (strict profile).</summary>
    TlsAuthenticationFailed,

    /// <summary>The server does not speak EDNS and the query needs it (DO set, RFC 3225 §3).</summary>
    EdnsUnsupported,
}
