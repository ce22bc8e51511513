namespace DnsSecure.Dnssec;

/// <summary>
/// Settings and work limits of the DNSSEC validator. The limits bound the work one response can cause: the number of
/// signatures tried per RRset and of keys sharing a key tag (KeyTrap, CVE-2023-50387), the number of NSEC3 hashes
/// (CVE-2023-50868) and the NSEC3 iteration count accepted (RFC 9276 §3.2). Call <see cref="Validate"/> before use;
/// the record is immutable.
/// </summary>
public sealed record ValidatorOptions
{
    /// <summary>The defaults, close to Unbound's.</summary>
    public static ValidatorOptions Default { get; } = new();

    /// <summary>How many RRSIGs of one RRset are tried before giving up (default 8).</summary>
    public int MaxSignaturesPerRrset { get; init; } = 8;

    /// <summary>How many DNSKEYs with the key tag and algorithm of one RRSIG are tried (default 4); a key-tag collision
    /// beyond that is not worth verifying (CVE-2023-50387).</summary>
    public int MaxKeyTagCollisions { get; init; } = 4;

    /// <summary>How many signature verifications one RRset may cost in all (default 16).</summary>
    public int MaxVerificationsPerRrset { get; init; } = 16;

    /// <summary>NSEC3 records with more iterations than this make the answer Insecure, not Secure (RFC 9276 §3.2;
    /// default 150 as in Unbound and BIND).</summary>
    public int MaxNsec3Iterations { get; init; } = 150;

    /// <summary>How many NSEC3 hashes one response may cost (default 64; CVE-2023-50868).</summary>
    public int MaxNsec3HashComputations { get; init; } = 64;

    /// <summary>Clock skew tolerated at both ends of an RRSIG validity window (default 5 minutes).</summary>
    public TimeSpan SignatureClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks that every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ValidatorOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSignaturesPerRrset, 1, nameof(MaxSignaturesPerRrset));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxKeyTagCollisions, 1, nameof(MaxKeyTagCollisions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVerificationsPerRrset, 1, nameof(MaxVerificationsPerRrset));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNsec3Iterations, nameof(MaxNsec3Iterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxNsec3Iterations, ushort.MaxValue, nameof(MaxNsec3Iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNsec3HashComputations, 1, nameof(MaxNsec3HashComputations));
        ArgumentOutOfRangeException.ThrowIfLessThan(SignatureClockSkew, TimeSpan.Zero, nameof(SignatureClockSkew));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SignatureClockSkew, TimeSpan.FromDays(1), nameof(SignatureClockSkew));
        return this;
    }
}
