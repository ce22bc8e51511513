namespace DnsSecure.Recursion;

/// <summary>Immutable settings of an <see cref="IterativeDataSource"/>, copied from <see cref="IterativeResolverOptions"/>.</summary>
internal sealed record IterativeResolverSettings
{
    public int ServerPort { get; init; } = Transport.NameServer.DnsPort;

    public bool QnameMinimisation { get; init; }

    public bool RandomizeCase { get; init; }

    public int MaxReferralDepth { get; init; } = 16;

    public int MaxQueriesPerLookup { get; init; } = 48;

    public int MaxNameServerAddressesPerZone { get; init; } = 8;

    public int MaxNameServerNamesResolved { get; init; } = 4;

    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    public uint MaxCacheTtl { get; init; } = 86400;

    public TimeSpan UnresponsiveServerHoldDown { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxCacheEntries { get; init; } = 10_000;

    public TimeSpan ServerSelectionBand { get; init; } = TimeSpan.FromMilliseconds(400);

    public int MaxValidationRetries { get; init; } = 4;

    public TimeSpan DistrustedServerHoldDown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 9156 §2.3 MAX_MINIMISE_COUNT: minimised queries per question before the full name is sent.</summary>
    public int MaxMinimisedQueries { get; init; } = 10;

    /// <summary>Nested resolutions of name-server names (a name server whose name needs another name server …).</summary>
    public int MaxNameServerResolutionDepth { get; init; } = 3;
}
