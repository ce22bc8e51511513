namespace DnsSecure.Iana;

/// <summary>Extended DNS Error Codes (IANA registry; RFC 8914 §5.2 and later additions). Other values may be cast.</summary>
public enum ExtendedDnsErrorCode : ushort
{
    /// <summary>Other error; the EXTRA-TEXT says more.</summary>
    Other = 0,
    /// <summary>A DNSKEY RRset contained only unsupported DNSSEC algorithms.</summary>
    UnsupportedDnskeyAlgorithm = 1,
    /// <summary>A DS RRset contained only unsupported digest types.</summary>
    UnsupportedDsDigestType = 2,
    /// <summary>A previously cached answer was served because resolution timed out.</summary>
    StaleAnswer = 3,
    /// <summary>The answer was forged for policy reasons.</summary>
    ForgedAnswer = 4,
    /// <summary>Validation ended in the Indeterminate state (RFC 4035 §4.3).</summary>
    DnssecIndeterminate = 5,
    /// <summary>Validation ended in the Bogus state (RFC 4035 §4.3).</summary>
    DnssecBogus = 6,
    /// <summary>No valid signature was found because every one had expired.</summary>
    SignatureExpired = 7,
    /// <summary>No valid signature was found because none was valid yet.</summary>
    SignatureNotYetValid = 8,
    /// <summary>A DS record existed but no matching DNSKEY was found.</summary>
    DnskeyMissing = 9,
    /// <summary>An RRset that should be signed had no RRSIG.</summary>
    RrsigsMissing = 10,
    /// <summary>No DNSKEY with the Zone Key bit set was found.</summary>
    NoZoneKeyBitSet = 11,
    /// <summary>A negative answer lacked the NSEC or NSEC3 records that would prove it.</summary>
    NsecMissing = 12,
    /// <summary>The error was served from a cache of failures.</summary>
    CachedError = 13,
    /// <summary>The server is not ready (e.g. still priming).</summary>
    NotReady = 14,
    /// <summary>The domain is on an operator's block list.</summary>
    Blocked = 15,
    /// <summary>The domain is blocked because an external party requires it.</summary>
    Censored = 16,
    /// <summary>The domain is blocked because the client asked for it.</summary>
    Filtered = 17,
    /// <summary>The client is not allowed to use this server.</summary>
    Prohibited = 18,
    /// <summary>A stale NXDOMAIN answer was served.</summary>
    StaleNxdomainAnswer = 19,
    /// <summary>The server is not authoritative and recursion was not wanted or available.</summary>
    NotAuthoritative = 20,
    /// <summary>The requested operation or query is not supported.</summary>
    NotSupported = 21,
    /// <summary>No authoritative server could be reached.</summary>
    NoReachableAuthority = 22,
    /// <summary>An unrecoverable network error occurred.</summary>
    NetworkError = 23,
    /// <summary>The zone's data is invalid (e.g. expired zone).</summary>
    InvalidData = 24,
    /// <summary>Every signature expired before it became valid.</summary>
    SignatureExpiredBeforeValid = 25,
    /// <summary>A 0-RTT request was refused as too early (RFC 9250).</summary>
    TooEarly = 26,
    /// <summary>An NSEC3 iteration count above the validator's limit (RFC 9276 §3.2).</summary>
    UnsupportedNsec3IterationsValue = 27,
    /// <summary>The server cannot apply the requested policy.</summary>
    UnableToConformToPolicy = 28,
    /// <summary>The answer was synthesized (e.g. from an aggressive NSEC cache, RFC 8198).</summary>
    Synthesized = 29,
}
