using DnsSecure.Transport;

namespace DnsSecure.Resolution;

/// <summary>
/// Settings for a <see cref="StubResolver"/>. Validated and copied when the resolver is built; changing the
/// options afterwards has no effect on it. Null values are taken from the system configuration (resolv.conf)
/// when no servers are given explicitly, else from the defaults.
/// </summary>
public sealed class StubResolverOptions
{
    /// <summary>Default per-server timeout with explicit servers.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Default number of rounds over the server list.</summary>
    public const int DefaultAttempts = 2;

    /// <summary>Explicit servers. When empty, those of <see cref="SystemConfiguration"/> (or of this machine) are used.</summary>
    public IList<NameServer> Servers { get; } = new List<NameServer>();

    /// <summary>The configuration to use when <see cref="Servers"/> is empty; null reads this machine's.</summary>
    public ResolverConfiguration? SystemConfiguration { get; set; }

    /// <summary>Time to wait for one server in the first round; it doubles in each later round, up to <see cref="MaxTimeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The ceiling of the per-server timeout as it backs off.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rounds over the server list before giving up.</summary>
    public int? Attempts { get; set; }

    /// <summary>Round-robin over the servers instead of preferring the fastest (resolv.conf <c>rotate</c>).</summary>
    public bool? Rotate { get; set; }

    /// <summary>Send EDNS(0) (RFC 6891). On by default: DNSSEC needs it.</summary>
    public bool UseEdns { get; set; } = true;

    /// <summary>The UDP payload size advertised with EDNS (RFC 6891 §6.2.5); 1232 by default (DNS Flag Day 2020).</summary>
    public int UdpPayloadSize { get; set; } = Wire.DnsLimits.DefaultEdnsPayloadSize;

    /// <summary>Set AD in queries and keep AD in answers meaningful (resolv.conf <c>trust-ad</c>, RFC 6840 §5.7).</summary>
    public bool? TrustAd { get; set; }

    /// <summary>How long an unused TCP or TLS connection stays open (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a server that rejected EDNS is remembered as such (RFC 6891 §7).</summary>
    public TimeSpan EdnsFallbackDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Maximum cached answers; 0 disables the cache.</summary>
    public int CacheMaxEntries { get; set; } = 10_000;

    /// <summary>Upper bound on how long a positive answer is cached, whatever its TTL.</summary>
    public TimeSpan CacheMaxTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound on how long a negative answer is cached (RFC 2308 §5 suggests one to three hours).</summary>
    public TimeSpan NegativeCacheMaxTtl { get; set; } = TimeSpan.FromHours(3);

    /// <summary>
    /// Where the caller's code resumes after a lookup that completes on one of the library's UDP event-loop threads (Linux):
    /// by default (false) right there, with no hand-off; true: always on the thread pool. The same choice, with the same
    /// protections against code that blocks on the loop, as <see cref="ValidatingResolverOptions.ContinueOnThreadPool"/>.
    /// </summary>
    public bool ContinueOnThreadPool { get; set; }

    /// <summary>Checks the values and copies them, with the system configuration applied, into immutable settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal StubResolverSettings Build()
    {
        ResolverConfiguration? system = Servers.Count == 0 ? SystemConfiguration ?? ResolverConfiguration.GetSystemConfiguration() : null;
        var servers = Servers.Count != 0
            ? [.. Servers]
            : system!.NameServers.Select(e => new NameServer(e, system.UseTcp ? DnsTransportProtocol.Tcp : DnsTransportProtocol.Udp)).ToArray();
        if (servers.Length == 0)
        {
            throw new ArgumentException("No name server is configured.", nameof(Servers));
        }

        foreach (NameServer server in servers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(Servers));
        }

        TimeSpan timeout = Timeout ?? system?.Timeout ?? DefaultTimeout;
        int attempts = Attempts ?? system?.Attempts ?? DefaultAttempts;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTimeout, timeout, nameof(MaxTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1, nameof(Attempts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempts, 16, nameof(Attempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpPayloadSize, Wire.DnsLimits.ClassicUdpPayloadSize, nameof(UdpPayloadSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(UdpPayloadSize, Wire.DnsLimits.MaxMessageSize, nameof(UdpPayloadSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TcpIdleTimeout, TimeSpan.Zero, nameof(TcpIdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(EdnsFallbackDuration, TimeSpan.Zero, nameof(EdnsFallbackDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(CacheMaxEntries, nameof(CacheMaxEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(CacheMaxTtl, TimeSpan.Zero, nameof(CacheMaxTtl));
        ArgumentOutOfRangeException.ThrowIfLessThan(NegativeCacheMaxTtl, TimeSpan.Zero, nameof(NegativeCacheMaxTtl));

        return new StubResolverSettings
        {
            Servers = [.. servers],
            Timeout = timeout,
            MaxTimeout = MaxTimeout,
            Attempts = attempts,
            Rotate = Rotate ?? system?.Rotate ?? false,
            UseEdns = UseEdns,
            UdpPayloadSize = (ushort)UdpPayloadSize,
            TrustAd = TrustAd ?? system?.TrustAd ?? false,
            TcpIdleTimeout = TcpIdleTimeout,
            EdnsFallbackDuration = EdnsFallbackDuration,
            CacheMaxEntries = CacheMaxEntries,
            CacheMaxTtl = CacheMaxTtl,
            NegativeCacheMaxTtl = NegativeCacheMaxTtl,
            ContinueOnThreadPool = ContinueOnThreadPool,
        };
    }
}
