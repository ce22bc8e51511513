using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Resolution;

/// <summary>Settings of a <see cref="ValidatingResolver"/>; validated and copied when the resolver is built.</summary>
public sealed class ValidatingResolverOptions
{
    /// <summary>Validation limits and clock skew; <see cref="ValidatorOptions.Default"/> when null.</summary>
    public ValidatorOptions? Validator { get; set; }

    /// <summary>How long a Bogus verdict is cached (RFC 4035 §4.7 asks for a short time). Default 60 s.</summary>
    public TimeSpan BogusCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of cached TTLs. Default one day.</summary>
    public TimeSpan MaxCacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Treat RSASHA1 (algorithms 5 and 7) as unsupported: zones signed only with them become Insecure. Default false.</summary>
    public bool TreatRsaSha1AsUnsupported { get; set; }

    /// <summary>Upstream queries one lookup may send before failing closed. Default 64.</summary>
    public int MaxQueriesPerLookup { get; set; } = 64;

    /// <summary>Signature verifications one lookup may do before failing closed. Default 128.</summary>
    public int MaxVerificationsPerLookup { get; set; } = 128;

    /// <summary>CNAME/DNAME links one lookup may follow. Default 12.</summary>
    public int MaxChainLength { get; set; } = 12;

    /// <summary>Answers kept in the cache. Default 10,000.</summary>
    public int MaxCacheEntries { get; set; } = 10_000;

    /// <summary>
    /// Stub mode only: when the upstream cannot deliver DNSSEC records (it strips RRSIG/DNSKEY/DS or does not speak EDNS),
    /// redo the lookup by iterating from <see cref="RootHints"/>, and keep iterating for
    /// <see cref="RecursiveFallbackDuration"/>. Off by default: such lookups are then Indeterminate, never Insecure.
    /// </summary>
    public bool AllowRecursiveFallback { get; set; }

    /// <summary>How long an upstream found unable to deliver DNSSEC is bypassed before it is tried again. Default 10 minutes.</summary>
    public TimeSpan RecursiveFallbackDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where iteration starts (recursive mode and the fallback); <see cref="Recursion.RootHints.Iana"/> when null.</summary>
    public Recursion.RootHints? RootHints { get; set; }

    /// <summary>Iteration limits and switches (QNAME minimisation, 0x20); defaults when null.</summary>
    public Recursion.IterativeResolverOptions? Recursion { get; set; }

    /// <summary>How iteration reaches authoritative servers; a <see cref="Recursion.NetworkAuthoritativeChannel"/> when null.</summary>
    public Recursion.IAuthoritativeChannel? AuthoritativeChannel { get; set; }

    /// <summary>Where the resolver logs (the fallback at Warning, iteration at Debug); nowhere when null.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; set; }

    /// <summary>
    /// Lower bound of cached TTLs (answers, keys, proven non-cuts); zero caches data no longer than its own TTL. Default 5 s.
    /// </summary>
    public TimeSpan MinCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Believe the AD bit of an upstream that validated the answer itself, instead of validating locally (RFC 6840 §5.8).
    /// Only honoured when the upstream that answered is on a loopback address or was reached over DNS over TLS
    /// authenticated under the strict profile (RFC 8310 §5.1); from any other upstream the answer is validated locally.
    /// The question is then first asked with CD clear so that the upstream validates. Default false.
    /// </summary>
    public bool TrustUpstreamAuthenticatedData { get; set; }

    /// <summary>
    /// Send the DS and DNSKEY queries of a cold chain of trust ahead, concurrently, instead of one after another (the
    /// validation order is the same either way). Internal: benchmarks and tests compare both; default true.
    /// </summary>
    internal bool SendChainQueriesAhead { get; set; } = true;

    /// <summary>
    /// Answer the RFC 8509 root key trust anchor sentinel: a Secure A/AAAA lookup of <c>root-key-sentinel-is-ta-NNNNN.*</c>
    /// fails (Bogus, SERVFAIL) unless key tag NNNNN is one of this resolver's root trust anchors, and one of
    /// <c>root-key-sentinel-not-ta-NNNNN.*</c> fails if it is. Default true, as in Unbound and Knot Resolver.
    /// </summary>
    public bool RootKeySentinel { get; set; } = true;

    /// <summary>
    /// Aggressive use of the validated NSEC/NSEC3 cache (RFC 8198): NXDOMAIN and NODATA answers (and "no DS" while building
    /// the chain) are synthesised from denial records already validated Secure, without asking upstream, and so are positive
    /// answers for names those records prove absent under a cached, validated wildcard RRset (RFC 8198 §5.3); an NSEC3
    /// opt-out span is never used. Default true, as in Unbound (since 1.15, <c>aggressive-nsec: yes</c>).
    /// </summary>
    public bool AggressiveNsec { get; set; } = true;

    /// <summary>
    /// Where the caller's code resumes after a lookup that completes on one of the library's UDP event-loop threads
    /// (Linux). Default false: <b>right there, on the loop thread</b>, with no hand-off — as Unbound's worker goes on with
    /// its next query — so an uncached lookup costs no cross-thread wake-up and the caller's next lookup starts on the same
    /// loop. The code after the await (and that of every async method awaiting it in turn, until one awaits something
    /// unfinished) then runs on the DNS loop, and should not block. If it does, the library protects itself: a completion
    /// that kept the loop thread longer than 5 ms (JIT and GC pauses not counted) makes every caller resume on the thread
    /// pool for a while (10 s, doubling on each repeat up to about five minutes), and a loop thread stuck for 20 ms in one
    /// pass is replaced by a fresh one, so that a blocking wait — even <c>.Result</c> on another lookup that needs the same
    /// loop — is a delay, not a deadlock (docs/validator.md, "Where the caller resumes"). True: the caller always resumes on
    /// the thread pool, never on a loop thread, at the price of one hand-off and wake-up per uncached lookup. Verdicts,
    /// fail-closed behaviour, cancellation, timeouts and limits are the same either way; answers from the cache, from
    /// another caller's lookup of the same question and from the runtime's socket engine (other systems) complete as before.
    /// </summary>
    public bool ContinueOnThreadPool { get; set; }

    internal ValidatingResolverSettings ToSettings()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCacheTtl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinCacheTtl, MaxCacheTtl);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueriesPerLookup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVerificationsPerLookup, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxChainLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCacheEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RecursiveFallbackDuration, TimeSpan.Zero);
        return new ValidatingResolverSettings
        {
            BogusTtl = BogusCacheDuration,
            MaximumTtl = (uint)Math.Clamp(MaxCacheTtl.TotalSeconds, 1, uint.MaxValue),
            TreatRsaSha1AsUnsupported = TreatRsaSha1AsUnsupported,
            MaxQueriesPerLookup = MaxQueriesPerLookup,
            MaxVerificationsPerLookup = MaxVerificationsPerLookup,
            MaxChainLength = MaxChainLength,
            MaxCacheEntries = MaxCacheEntries,
            MinimumTtl = (uint)MinCacheTtl.TotalSeconds,
            TrustUpstreamAuthenticatedData = TrustUpstreamAuthenticatedData,
            SendChainQueriesAhead = SendChainQueriesAhead,
        };
    }
}
