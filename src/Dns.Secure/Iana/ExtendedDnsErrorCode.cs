namespace DnsSecure.Iana;

/// <summary>Extended DNS Error Codes (IANA registry; RFC 8914 §5.2 and later registrations). Other values may be cast.</summary>
public enum ExtendedDnsErrorCode : ushort
{
    /// <summary>0: Other Error (RFC 8914 §4.1).</summary>
    OtherError = 0,
    /// <summary>1: Unsupported DNSKEY Algorithm (RFC 8914 §4.2).</summary>
    UnsupportedDnskeyAlgorithm = 1,
    /// <summary>2: Unsupported DS Digest Type (RFC 8914 §4.3).</summary>
    UnsupportedDsDigestType = 2,
    /// <summary>3: Stale Answer (RFC 8914 §4.4, RFC 8767).</summary>
    StaleAnswer = 3,
    /// <summary>4: Forged Answer (RFC 8914 §4.5).</summary>
    ForgedAnswer = 4,
    /// <summary>5: DNSSEC Indeterminate (RFC 8914 §4.6).</summary>
    DnssecIndeterminate = 5,
    /// <summary>6: DNSSEC Bogus (RFC 8914 §4.7).</summary>
    DnssecBogus = 6,
    /// <summary>7: Signature Expired (RFC 8914 §4.8).</summary>
    SignatureExpired = 7,
    /// <summary>8: Signature Not Yet Valid (RFC 8914 §4.9).</summary>
    SignatureNotYetValid = 8,
    /// <summary>9: DNSKEY Missing (RFC 8914 §4.10).</summary>
    DnskeyMissing = 9,
    /// <summary>10: RRSIGs Missing (RFC 8914 §4.11).</summary>
    RrsigsMissing = 10,
    /// <summary>11: No Zone Key Bit Set (RFC 8914 §4.12).</summary>
    NoZoneKeyBitSet = 11,
    /// <summary>12: NSEC Missing (RFC 8914 §4.13).</summary>
    NsecMissing = 12,
    /// <summary>13: Cached Error (RFC 8914 §4.14).</summary>
    CachedError = 13,
    /// <summary>14: Not Ready (RFC 8914 §4.15).</summary>
    NotReady = 14,
    /// <summary>15: Blocked (RFC 8914 §4.16).</summary>
    Blocked = 15,
    /// <summary>16: Censored (RFC 8914 §4.17).</summary>
    Censored = 16,
    /// <summary>17: Filtered (RFC 8914 §4.18).</summary>
    Filtered = 17,
    /// <summary>18: Prohibited (RFC 8914 §4.19).</summary>
    Prohibited = 18,
    /// <summary>19: Stale NXDOMAIN Answer (RFC 8914 §4.20).</summary>
    StaleNxdomainAnswer = 19,
    /// <summary>20: Not Authoritative (RFC 8914 §4.21).</summary>
    NotAuthoritative = 20,
    /// <summary>21: Not Supported (RFC 8914 §4.22).</summary>
    NotSupported = 21,
    /// <summary>22: No Reachable Authority (RFC 8914 §4.23).</summary>
    NoReachableAuthority = 22,
    /// <summary>23: Network Error (RFC 8914 §4.24).</summary>
    NetworkError = 23,
    /// <summary>24: Invalid Data (RFC 8914 §4.25).</summary>
    InvalidData = 24,
    /// <summary>25: Signature Expired before Valid (IANA registry, first used by Unbound).</summary>
    SignatureExpiredBeforeValid = 25,
    /// <summary>26: Too Early (RFC 9250 §4.5).</summary>
    TooEarly = 26,
    /// <summary>27: Unsupported NSEC3 Iterations Value (RFC 9276 §3.2).</summary>
    UnsupportedNsec3IterationsValue = 27,
    /// <summary>28: Unable to conform to policy (IANA registry).</summary>
    UnableToConformToPolicy = 28,
    /// <summary>29: Synthesized (IANA registry).</summary>
    Synthesized = 29,
    /// <summary>30: Invalid Query Type (RFC 9824 §3).</summary>
    InvalidQueryType = 30,
}
