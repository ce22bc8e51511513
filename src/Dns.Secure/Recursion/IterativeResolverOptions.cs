using DnsSecure.Transport;

namespace DnsSecure.Recursion;

/// <summary>
/// Settings of an <see cref="IterativeDataSource"/> (and of the channel it builds); validated and copied when the source
/// is built. Every limit fails closed: a lookup that reaches one ends without an answer and says which limit it hit.
/// </summary>
public sealed class IterativeResolverOptions
{
    /// <summary>
    /// The port used for name-server addresses learned from glue or from resolving NS names. Default 53; tests run every
    /// authoritative server on its own loopback address with one shared port.
    /// </summary>
    public int ServerPort { get; set; } = NameServer.DnsPort;

    /// <summary>QNAME minimisation (RFC 9156): each zone is asked only for the next label below it. Default off.</summary>
    public bool QnameMinimisation { get; set; }

    /// <summary>
    /// Random letter case in query names ("DNS 0x20", draft-vixie-dnsext-dns0x20): a reply must echo the exact case, which
    /// makes blind spoofing harder. Default off.
    /// </summary>
    public bool RandomizeCase { get; set; }

    /// <summary>Referrals one question may follow from the root (or the deepest cached zone). Default 16.</summary>
    public int MaxReferralDepth { get; set; } = 16;

    /// <summary>Queries to authoritative servers one question may send, name-server resolution included. Default 48.</summary>
    public int MaxQueriesPerLookup { get; set; } = 48;

    /// <summary>Server addresses tried per zone before giving up on it. Default 8.</summary>
    public int MaxNameServerAddressesPerZone { get; set; } = 8;

    /// <summary>
    /// Name-server names without glue that one question may resolve (NXNS amplification, CVE-2020-12662). Default 4.
    /// </summary>
    public int MaxNameServerNamesResolved { get; set; } = 4;

    /// <summary>How long to wait for one server's answer. Default 1.5 s.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Upper bound of cached delegation, address and answer TTLs. Default one day.</summary>
    public TimeSpan MaxCacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a server that did not answer is backed off (tried last), doubled for each further consecutive failure up
    /// to 15 minutes; when it ends the server is probed once. Default 60 s.
    /// </summary>
    public TimeSpan UnresponsiveServerHoldDown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Servers within this much of the fastest server's smoothed round-trip time are picked at random (Unbound's 400 ms
    /// selection band); slower ones are tried after them. Zero always picks the fastest (ties in NS order). Default 400 ms.
    /// </summary>
    public TimeSpan ServerSelectionBand { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// How many times one lookup is retried at other servers after the data of one server failed validation (Unbound's
    /// server blacklist). Retries spend the same per-lookup query budget. Zero turns retrying off. Default 4.
    /// </summary>
    public int MaxValidationRetries { get; set; } = 4;

    /// <summary>How long a server whose data failed validation is tried last for its zone. Default 5 minutes.</summary>
    public TimeSpan DistrustedServerHoldDown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Answers, delegations and addresses kept in the caches (each). A full cache drops its expired entries, then
    /// those closest to expiry, down to three quarters: the long-lived delegations near the root stay. Default 10,000.</summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    internal IterativeResolverSettings ToSettings()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ServerPort, 1, nameof(ServerPort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ServerPort, ushort.MaxValue, nameof(ServerPort));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReferralDepth, 1, nameof(MaxReferralDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueriesPerLookup, 1, nameof(MaxQueriesPerLookup));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNameServerAddressesPerZone, 1, nameof(MaxNameServerAddressesPerZone));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNameServerNamesResolved, nameof(MaxNameServerNamesResolved));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(QueryTimeout, TimeSpan.Zero, nameof(QueryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheTtl, TimeSpan.Zero, nameof(MaxCacheTtl));
        ArgumentOutOfRangeException.ThrowIfLessThan(UnresponsiveServerHoldDown, TimeSpan.Zero, nameof(UnresponsiveServerHoldDown));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheEntries, 1, nameof(MaxCacheEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(ServerSelectionBand, TimeSpan.Zero, nameof(ServerSelectionBand));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxValidationRetries, nameof(MaxValidationRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(DistrustedServerHoldDown, TimeSpan.Zero, nameof(DistrustedServerHoldDown));
        return new IterativeResolverSettings
        {
            ServerPort = ServerPort,
            QnameMinimisation = QnameMinimisation,
            RandomizeCase = RandomizeCase,
            MaxReferralDepth = MaxReferralDepth,
            MaxQueriesPerLookup = MaxQueriesPerLookup,
            MaxNameServerAddressesPerZone = MaxNameServerAddressesPerZone,
            MaxNameServerNamesResolved = MaxNameServerNamesResolved,
            QueryTimeout = QueryTimeout,
            MaxCacheTtl = (uint)Math.Min(MaxCacheTtl.TotalSeconds, uint.MaxValue),
            UnresponsiveServerHoldDown = UnresponsiveServerHoldDown,
            MaxCacheEntries = MaxCacheEntries,
            ServerSelectionBand = ServerSelectionBand,
            MaxValidationRetries = MaxValidationRetries,
            DistrustedServerHoldDown = DistrustedServerHoldDown,
        };
    }
}
