namespace DnsSecure.Dnssec;

/// <summary>What went wrong in a failed validation. Each kind maps to one RFC 8914 code by default
/// (see <see cref="ValidationFailure.Create"/>).</summary>
public enum ValidationFailureKind
{
    /// <summary>A failure not covered by another kind.</summary>
    Other = 0,
    /// <summary>An RRset that must be signed carried no RRSIG.</summary>
    MissingSignature,
    /// <summary>Every candidate RRSIG had expired.</summary>
    SignatureExpired,
    /// <summary>No candidate RRSIG was valid yet.</summary>
    SignatureNotYetValid,
    /// <summary>An RRSIG's fields do not fit the RRset it claims to cover (signer, labels, type, class).</summary>
    SignatureMalformed,
    /// <summary>The cryptographic check failed for every RRSIG and key tried.</summary>
    SignatureInvalid,
    /// <summary>No DNSKEY matches the key tag and algorithm of any RRSIG.</summary>
    NoMatchingKey,
    /// <summary>The DNSKEY set has no key with the Zone Key flag and protocol 3 to verify with.</summary>
    NoZoneKey,
    /// <summary>No DNSKEY matches any DS record or trust anchor.</summary>
    DsMismatch,
    /// <summary>Only unsupported DNSKEY algorithms were offered (leads to Insecure, RFC 4035 §5.2).</summary>
    UnsupportedAlgorithm,
    /// <summary>Only unsupported DS digest types were offered (leads to Insecure, RFC 4509 §3).</summary>
    UnsupportedDigestType,
    /// <summary>A negative answer lacked NSEC or NSEC3 records.</summary>
    MissingDenial,
    /// <summary>NSEC or NSEC3 records were present but do not prove the denial claimed.</summary>
    InvalidDenial,
    /// <summary>NSEC3 records use more iterations than the validator accepts (RFC 9276 §3.2).</summary>
    Nsec3IterationsTooHigh,
    /// <summary>A work limit (signatures, key-tag collisions, NSEC3 hashes) was reached: the answer is refused
    /// rather than validated at unbounded cost (CVE-2023-50387, CVE-2023-50868).</summary>
    WorkLimitExceeded,
    /// <summary>A name is below a negative trust anchor (RFC 7646), so its data is treated as insecure.</summary>
    NegativeTrustAnchor,
    /// <summary>A required record (DNSKEY, DS) could not be obtained.</summary>
    MissingRecords,
}
