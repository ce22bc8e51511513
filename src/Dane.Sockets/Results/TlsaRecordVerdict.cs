namespace DaneSockets.Results;

/// <summary>What became of one TLSA record during verification.</summary>
public enum TlsaRecordVerdict
{
    /// <summary>Usable, compared, and no certificate matched it. The default value.</summary>
    NoMatch = 0,

    /// <summary>This record authenticated the chain.</summary>
    Matched = 1,

    /// <summary>Usable but not examined: another record decided the outcome first.</summary>
    NotEvaluated = 2,

    /// <summary>Unusable: certificate usage not one of 0–3 (RFC 7671 §4.1).</summary>
    UnknownUsage = 3,

    /// <summary>Unusable: selector not one of 0–1 (RFC 7671 §4.1).</summary>
    UnknownSelector = 4,

    /// <summary>Unusable: matching type not one of 0–2 (RFC 7671 §4.1).</summary>
    UnknownMatchingType = 5,

    /// <summary>Unusable: the digest length does not fit the matching type (RFC 7671 §4.1).</summary>
    BadDigestLength = 6,

    /// <summary>Unusable: Full(0) data with selector Cert(0) is not one DER certificate (RFC 7671 §4.1).</summary>
    MalformedCertificate = 7,

    /// <summary>Unusable: Full(0) data with selector SPKI(1) is not one DER SubjectPublicKeyInfo (RFC 7671 §4.1).</summary>
    MalformedPublicKey = 8,

    /// <summary>Unusable in the chosen profile: PKIX-TA(0) and PKIX-EE(1) in SMTP (RFC 7672 §3.1.3).</summary>
    UnusableInProfile = 9,

    /// <summary>Ignored by digest algorithm agility: a stronger digest is published for the same usage and selector (RFC 7671 §9).</summary>
    WeakerDigest = 10,

    /// <summary>Matched, but the leaf does not name a reference identifier.</summary>
    NameMismatch = 11,

    /// <summary>Matched, but a certificate on the path is outside its validity period.</summary>
    ValidityPeriod = 12,

    /// <summary>Matched a trust anchor, but a signature on the path does not verify.</summary>
    SignatureInvalid = 13,

    /// <summary>Matched a trust anchor, but an intermediate on the path is not a CA.</summary>
    NotCertificateAuthority = 14,

    /// <summary>Matched, but the PKIX path required by usages 0 and 1 does not validate.</summary>
    PkixValidationFailed = 15,
}
