namespace DnsSecure.Records;

/// <summary>How RDATA is written.</summary>
internal enum RdataEncoding
{
    /// <summary>In a message: names compressed where RFC 3597 §4 allows it (the RFC 1035 types).</summary>
    Message,
    /// <summary>Uncompressed, case preserved.</summary>
    Uncompressed,
    /// <summary>Canonical form (RFC 4034 §6.2, RFC 6840 §5.1): uncompressed, names lowercased for the listed types.</summary>
    Canonical,
}
