namespace DnsSecure.Iana;

/// <summary>TLSA Selectors (IANA registry; RFC 6698 §2.1.2, names from RFC 7218).</summary>
public enum TlsaSelector : byte
{
    /// <summary>Cert: the full DER certificate.</summary>
    Cert = 0,
    /// <summary>SPKI: the DER SubjectPublicKeyInfo.</summary>
    Spki = 1,
    /// <summary>Private use.</summary>
    PrivSel = 255,
}
