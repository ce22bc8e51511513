namespace DaneSockets.Policy;

/// <summary>Why <see cref="DanePolicyEvaluator"/> decided as it did.</summary>
public enum DaneDecisionReason
{
    /// <summary>The TLSA lookup did not complete; fail closed (RFC 7672 §2.1.1).</summary>
    LookupIndeterminate = 0,

    /// <summary>The TLSA answer failed DNSSEC validation; abort (RFC 6698 §4.1, RFC 7672 §2.1.1).</summary>
    LookupBogus = 1,

    /// <summary>A usable TLSA record authenticated the peer (RFC 6698 §2.1.1, RFC 7671 §5).</summary>
    DaneVerified = 2,

    /// <summary>Secure, usable TLSA records exist but none authenticated the peer; PKIX may not rescue it (RFC 7672 §2.2, RFC 7671 §4).</summary>
    DaneFailed = 3,

    /// <summary>Secure, usable TLSA records exist but the certificate matcher was not run.</summary>
    MatchNotPerformed = 4,

    /// <summary>The secure TLSA RRset has no usable record: treated as absent (RFC 7671 §4.1).</summary>
    NoUsableRecords = 5,

    /// <summary>DNSSEC proves there is no TLSA RRset.</summary>
    TlsaAbsent = 6,

    /// <summary>The TLSA answer is insecure, so it cannot be used (RFC 6698 §4.1).</summary>
    LookupInsecure = 7,

    /// <summary>An outcome or policy value this version does not know; fail closed.</summary>
    UnknownInput = 8,
}
