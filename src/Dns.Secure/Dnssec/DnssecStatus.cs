namespace DnsSecure.Dnssec;

/// <summary>
/// The security status of validated data (RFC 4035 §4.3). The default value is the failing one,
/// <see cref="Indeterminate"/>, so a status that was never set is never mistaken for success.
/// </summary>
public enum DnssecStatus
{
    /// <summary>No trust anchor covers the data, or validation did not run or could not finish.</summary>
    Indeterminate = 0,
    /// <summary>An unbroken chain of signed DNSKEY and DS records leads from a trust anchor to the data.</summary>
    Secure = 1,
    /// <summary>A trust anchor covers the data, but a signed proof shows that a delegation on the way is unsigned
    /// (or uses only algorithms this validator does not implement, RFC 4035 §5.2).</summary>
    Insecure = 2,
    /// <summary>A trust anchor covers the data and it should be secure, but validation failed: the data is not to be trusted.</summary>
    Bogus = 3,
}
