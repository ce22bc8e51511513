using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DaneHttp.Benchmarks;

/// <summary>
/// Dane.Http against a plain <see cref="SocketsHttpHandler"/>, side by side, to the same Kestrel HTTPS server on loopback:
/// a new connection per operation to a known host (warm DANE cache; both clients may resume a TLS session), a new
/// connection to a host never seen before (full handshake for both; for DANE the TLSA and address lookups run on the
/// connect path), a new connection that Dane.Http authenticates by PKIX fallback (no TLSA RRset, opportunistic policy)
/// against a plain handler trusting the same private CA, and requests on one pooled connection. Ratios are per category
/// against the plain handler.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(Config))]
public class HttpConnectionBenchmarks
{
    private LoopbackSetup _setup = null!;

    [GlobalSetup]
    public void Setup() => _setup = LoopbackSetup.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _setup.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true), BenchmarkCategory("new connection, known host")]
    public Task Plain_NewConnection() => _setup.PlainNewConnectionAsync();

    [Benchmark, BenchmarkCategory("new connection, known host")]
    public Task Dane_NewConnection_WarmCache() => _setup.DaneNewConnectionWarmAsync();

    [Benchmark(Baseline = true), BenchmarkCategory("new connection, new host")]
    public Task Plain_NewConnection_NewHost() => _setup.PlainNewConnectionToNewHostAsync();

    [Benchmark, BenchmarkCategory("new connection, new host")]
    public Task Dane_NewConnection_LookupOnConnectPath() => _setup.DaneNewConnectionWithLookupAsync();

    [Benchmark(Baseline = true), BenchmarkCategory("new connection, PKIX fallback")]
    public Task Plain_NewConnection_CustomRoot() => _setup.PlainCustomRootNewConnectionAsync();

    [Benchmark, BenchmarkCategory("new connection, PKIX fallback")]
    public Task Dane_NewConnection_PkixFallback_WarmCache() => _setup.DanePkixNewConnectionWarmAsync();

    [Benchmark(Baseline = true), BenchmarkCategory("pooled")]
    public Task Plain_PooledRequest() => _setup.PlainPooledAsync();

    [Benchmark, BenchmarkCategory("pooled")]
    public Task Dane_PooledRequest() => _setup.DanePooledAsync();

    /// <summary>
    /// In process (a separate generated project does not build within BenchmarkDotNet's limit on a busy machine) with a
    /// fixed number of operations: each "new host" operation uses a host of its own (LoopbackSetup.FreshHostCount).
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false))
            .WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(64)
            .WithUnrollFactor(1));
    }
}
