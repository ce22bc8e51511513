namespace DaneSockets.Policy;

/// <summary>
/// What the DNSSEC-validated TLSA lookup established (RFC 6698 §4.1, RFC 7672 §2.1). Filled in by the resolver;
/// <see cref="TlsaLookupResult.FromSecureAnswer"/> decides between the three secure outcomes.
/// </summary>
public enum TlsaLookupOutcome
{
    /// <summary>The lookup did not complete (server failure, timeout, truncated validation). The default value:
    /// never a reason to relax authentication (RFC 7672 §2.1.1).</summary>
    Indeterminate = 0,

    /// <summary>A DNSSEC-secure TLSA RRset with at least one usable record (RFC 7671 §4.1).</summary>
    SecureUsable = 1,

    /// <summary>A DNSSEC-secure TLSA RRset whose records are all unusable (RFC 7671 §4.1).</summary>
    SecureAllUnusable = 2,

    /// <summary>DNSSEC proves that no TLSA RRset exists (NXDOMAIN or NODATA, RFC 4035 §5.4).</summary>
    SecureAbsent = 3,

    /// <summary>The answer is provably insecure (an unsigned delegation on the path, RFC 4035 §5.2), so it cannot be trusted for DANE.</summary>
    Insecure = 4,

    /// <summary>DNSSEC validation failed (RFC 4035 §5.5): the answer may be forged.</summary>
    Bogus = 5,
}
