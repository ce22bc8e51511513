namespace DnsSecure.Iana;

/// <summary>TLSA Certificate Usages (IANA registry; RFC 6698 §2.1.1, names from RFC 7218).</summary>
public enum TlsaCertificateUsage : byte
{
    /// <summary>PKIX-TA: a CA certificate or key that must be on a PKIX-valid chain.</summary>
    PkixTa = 0,
    /// <summary>PKIX-EE: the end-entity certificate or key, with PKIX validation.</summary>
    PkixEe = 1,
    /// <summary>DANE-TA: a trust anchor for this service; no PKIX store involved.</summary>
    DaneTa = 2,
    /// <summary>DANE-EE: the end-entity certificate or key itself; names and dates ignored (RFC 7671 §5.1).</summary>
    DaneEe = 3,
    /// <summary>Private use.</summary>
    PrivCert = 255,
}
