using BenchmarkDotNet.Attributes;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Resolution;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The validator's goals (issue 5) in process, on a tree signed by our signer and served by the in-process authoritative
/// server on 127.0.0.1 (<see cref="ValidatorSetup"/>):
/// <list type="bullet">
/// <item><see cref="CachedLookup"/>: a validated answer from the resolver's cache (goal: ≥ 4 million/s per core, p50 ≤ 0.25 µs).</item>
/// <item><see cref="ColdChainTlsa"/>: a fresh resolver validating a TLSA name from the root down, six UDP queries
/// (goal: ≤ 1 ms), the chain's queries sent ahead concurrently (the default); <see cref="ColdChainTlsaSequential"/> the same
/// with them one after another; <see cref="ColdChainTlsaNoKeyCache"/> also empties the imported-key cache first.</item>
/// <item><see cref="UncachedWildcardAnswer"/>: a new name under a wildcard, zone keys cached (one query, answer and NSEC
/// proof checked), on a resolver with RFC 8198 off (<c>AggressiveNsec = false</c>): with it on, the cached wildcard and
/// its proof answer new names without a query (§5.3). The server's CPU is in this process too;
/// benchmarks/run-validator-vs-unbound.sh measures against NSD.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class ValidatingResolverBenchmarks
{
    private static readonly ValidatingResolverOptions s_sequential = new() { SendChainQueriesAhead = false };
    private static readonly ValidatingResolverOptions s_noAggressiveNsec = new() { AggressiveNsec = false };
    private ValidatorSetup _setup = null!;
    private ValidatingResolver _warm = null!;
    private long _counter;

    /// <summary>The zones' signing algorithm.</summary>
    [Params(Iana.DnssecAlgorithm.EcdsaP256Sha256, Iana.DnssecAlgorithm.RsaSha256)]
    public Iana.DnssecAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = ValidatorSetup.CreateAsync(Algorithm).GetAwaiter().GetResult();
        _warm = _setup.CreateResolver(s_noAggressiveNsec);
        ValidatedLookup first = _warm.ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA).AsTask().GetAwaiter().GetResult();
        ValidatedLookup wild = _warm.ResolveAsync(DomainName.Parse("x.wild.secure.bench."), RecordType.A).AsTask().GetAwaiter().GetResult();
        if (first.Status != DnssecStatus.Secure || wild.Status != DnssecStatus.Secure || first.UpstreamQueries != 6)
        {
            throw new InvalidOperationException($"Setup failed: {first} ({first.UpstreamQueries} queries), {wild}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A validated answer from the cache.</summary>
    [Benchmark]
    public ValidatedLookup CachedLookup() => Wait(_warm.ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA));

    /// <summary>The full chain for the TLSA name from an empty resolver, every signature checked; imported keys stay cached (process-wide).</summary>
    [Benchmark]
    public ValidatedLookup ColdChainTlsa()
    {
        // New data has signatures never checked before: forget earlier successful checks, keep the imported keys.
        VerifiedSignatureCache.Shared.Clear();
        return Secure(Wait(_setup.CreateResolver().ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA)));
    }

    /// <summary>As <see cref="ColdChainTlsa"/>, with the chain's queries sent one after another (no latency hiding).</summary>
    [Benchmark]
    public ValidatedLookup ColdChainTlsaSequential()
    {
        VerifiedSignatureCache.Shared.Clear();
        return Secure(Wait(_setup.CreateResolver(s_sequential).ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA)));
    }

    /// <summary>The full chain for the TLSA name with the imported-key cache emptied too: four key imports more.</summary>
    [Benchmark]
    public ValidatedLookup ColdChainTlsaNoKeyCache()
    {
        VerificationKeyCache.Shared.Clear();
        VerifiedSignatureCache.Shared.Clear();
        return Secure(Wait(_setup.CreateResolver().ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA)));
    }

    /// <summary>A name never asked before under the wildcard, with the zone's keys cached.</summary>
    [Benchmark]
    public ValidatedLookup UncachedWildcardAnswer() =>
        Secure(Wait(_warm.ResolveAsync(DomainName.Parse($"n{Interlocked.Increment(ref _counter)}.wild.secure.bench."), RecordType.A)));

    private static ValidatedLookup Secure(ValidatedLookup lookup) =>
        lookup.Status == DnssecStatus.Secure ? lookup : throw new InvalidOperationException(lookup.ToString());

    private static ValidatedLookup Wait(ValueTask<ValidatedLookup> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
