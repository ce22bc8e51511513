namespace DnsSecure.Dnssec.Chain;

/// <summary>Immutable settings of a <see cref="Resolution.ValidatingResolver"/>, copied from its options.</summary>
internal sealed record ValidatingResolverSettings
{
    /// <summary>How long a Bogus verdict is cached (RFC 4035 §4.7: briefly).</summary>
    public TimeSpan BogusTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Lower bound of cached TTLs, seconds.</summary>
    public uint MinimumTtl { get; init; } = 5;

    /// <summary>Upper bound of cached TTLs, seconds.</summary>
    public uint MaximumTtl { get; init; } = 86400;

    /// <summary>RSASHA1 (algorithms 5 and 7) treated as unsupported.</summary>
    public bool TreatRsaSha1AsUnsupported { get; init; }

    /// <summary>Upstream queries one lookup may send.</summary>
    public int MaxQueriesPerLookup { get; init; } = 64;

    /// <summary>Signature verifications one lookup may do.</summary>
    public int MaxVerificationsPerLookup { get; init; } = 128;

    /// <summary>CNAME/DNAME links one lookup may follow.</summary>
    public int MaxChainLength { get; init; } = 12;

    /// <summary>Entries in the answer cache.</summary>
    public int MaxCacheEntries { get; init; } = 10_000;

    /// <summary>Send the chain of trust's DS/DNSKEY queries ahead, concurrently (<see cref="ChainPrefetch"/>); false: one after another.</summary>
    public bool SendChainQueriesAhead { get; init; } = true;

    /// <summary>Believe the AD bit of a loopback or strictly authenticated DoT upstream.</summary>
    public bool TrustUpstreamAuthenticatedData { get; init; }
}
