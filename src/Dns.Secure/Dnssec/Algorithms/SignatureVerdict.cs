namespace DnsSecure.Dnssec.Algorithms;

/// <summary>The outcome of checking one signature with one public key. The default value is the failing one.</summary>
internal enum SignatureVerdict : byte
{
    /// <summary>The signature does not verify with the key.</summary>
    Invalid = 0,

    /// <summary>The signature verifies.</summary>
    Valid,

    /// <summary>The algorithm is unknown or not validated (RFC 8624 §3.1); RFC 4035 §5.2 treats such keys as absent.</summary>
    UnsupportedAlgorithm,

    /// <summary>The DNSKEY public-key field cannot be a key of its algorithm.</summary>
    MalformedKey,
}
