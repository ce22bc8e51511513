namespace DaneSockets.Results;

/// <summary>Why a verification with usable TLSA records did not succeed.</summary>
public enum DaneFailureKind
{
    /// <summary>No failure: the result is <see cref="DaneOutcome.Verified"/> or <see cref="DaneOutcome.NotApplicable"/>.</summary>
    None = 0,

    /// <summary>No usable TLSA record matched the chain.</summary>
    NoMatch = 1,

    /// <summary>A record matched, but the leaf certificate does not name any reference identifier (RFC 7671 §5.2, RFC 6125 §6).</summary>
    NameMismatch = 2,

    /// <summary>A record matched, but a certificate on the path is expired or not yet valid.</summary>
    ValidityPeriod = 3,

    /// <summary>A record matched a trust anchor, but a signature on the path from the leaf to it does not verify.</summary>
    SignatureInvalid = 4,

    /// <summary>A record matched a trust anchor, but a certificate between it and the leaf is not a CA (RFC 5280 §6.1.4 (k)).</summary>
    NotCertificateAuthority = 5,

    /// <summary>A PKIX-constrained usage (0 or 1) is in play but no PKIX path to the trust store could be validated (RFC 6698 §2.1.1).</summary>
    PkixValidationFailed = 6,

    /// <summary>The peer presented no certificate.</summary>
    NoCertificate = 7,
}
