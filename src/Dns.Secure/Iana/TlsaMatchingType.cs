namespace DnsSecure.Iana;

/// <summary>TLSA Matching Types (IANA registry; RFC 6698 §2.1.3, names from RFC 7218).</summary>
public enum TlsaMatchingType : byte
{
    /// <summary>Full: the selected content itself.</summary>
    Full = 0,
    /// <summary>SHA2-256 digest of the selected content.</summary>
    Sha256 = 1,
    /// <summary>SHA2-512 digest of the selected content.</summary>
    Sha512 = 2,
    /// <summary>Private use.</summary>
    PrivMatch = 255,
}
