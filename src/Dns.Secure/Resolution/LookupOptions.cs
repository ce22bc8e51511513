namespace DnsSecure.Resolution;

/// <summary>Per-lookup choices: the header and EDNS flags of the query, and cache use.</summary>
public sealed record LookupOptions
{
    /// <summary>The defaults: recursion desired, no DNSSEC records, cache used.</summary>
    public static LookupOptions Default { get; } = new();

    /// <summary>Defaults plus DO: ask for DNSSEC records (RFC 3225).</summary>
    public static LookupOptions Dnssec { get; } = new() { DnssecOk = true };

    /// <summary>Set DO: DNSSEC records are wanted (RFC 3225 §3). A server without EDNS then gives <see cref="LookupStatus.EdnsNotSupported"/>.</summary>
    public bool DnssecOk { get; init; }

    /// <summary>Set CD: the upstream should not validate (RFC 4035 §3.2.2), because the caller will.</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>Set RD (RFC 1035 §4.1.1); true by default for a stub.</summary>
    public bool RecursionDesired { get; init; } = true;

    /// <summary>Skip the cache for this lookup (the answer is still stored).</summary>
    public bool BypassCache { get; init; }
}
