namespace DnsSecure.Resolution;

/// <summary>How a lookup ended. The default value is a failure.</summary>
public enum LookupStatus
{
    /// <summary>No server gave a usable answer: every one was unreachable or failed in different ways.</summary>
    AllServersFailed = 0,

    /// <summary>A server answered with NOERROR or NXDOMAIN; <see cref="LookupResult.Response"/> holds the answer.</summary>
    Success,

    /// <summary>No server answered before the deadline, in any round.</summary>
    Timeout,

    /// <summary>Servers answered, but with SERVFAIL, REFUSED or another error code; the last such response is kept.</summary>
    ServerFailure,

    /// <summary>DNSSEC records were wanted (DO) but the servers do not speak EDNS, so they cannot serve them (RFC 3225 §3).</summary>
    EdnsNotSupported,

    /// <summary>No DNS-over-TLS server could be authenticated under the strict profile (RFC 8310 §5.1).</summary>
    TlsAuthenticationFailed,
}
