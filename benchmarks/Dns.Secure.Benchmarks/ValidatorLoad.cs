using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Resolution;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Load programs for the validator's goals (issue 5), run by benchmarks/run-validator-vs-unbound.sh and
/// benchmarks/run-validator-cached.sh. Each prints one <c>key=value</c> line per phase.
/// <list type="bullet">
/// <item><c>validator-load SERVER ANCHORS WARMUP QUERIES CONCURRENCY SECONDS</c>: a <see cref="ValidatingResolver"/> in
/// stub mode asking SERVER (an authoritative NSD) directly, RFC 8198 off as in the Unbound it is compared with
/// (<c>aggressive-nsec: no</c>; otherwise new names under the wildcard are answered from the cache). Warm-up names (JIT, zone keys) are not counted; then the
/// <c>cold</c> phase resolves each name of QUERIES once (new names, zone keys cached) and the <c>warm</c> phase (skipped with
/// <c>VALIDATOR_COLD_ONLY=1</c>, for profiling the cold phase alone) resolves
/// them again from the cache for SECONDS. CPU per answer = this process's CPU time in the phase / answers. Each phase line
/// also gives the garbage collections by generation and their pause, and the process's context switches per answer
/// (<see cref="ContextSwitches"/>: how often threads slept and woke, which the caller hand-off of the default mode costs).</item>
/// <item><c>cold-chain SERVER ANCHORS NAME TYPE ITERATIONS</c>: a fresh resolver (empty caches) per lookup, the whole
/// chain from the anchor down, the record of successful signature checks emptied each time; phase <c>keys-cached</c> keeps
/// imported keys, <c>keys-cleared</c> empties that cache too.</item>
/// <item><c>udp-floor-load SERVER QUERIES CONCURRENCY</c>: the floor under the <c>cold</c> phase — each name of QUERIES
/// asked once with the bare socket API and nothing of ours (a fresh connected socket per query, one send, one receive, the
/// queries encoded beforehand), CONCURRENCY in flight: what the runtime's sockets cost per exchange in the load test's
/// own shape.</item>
/// <item><c>udp-transport-load SERVER QUERIES CONCURRENCY</c>: the same shape through our <c>UdpTransport</c> (fresh
/// socket and ID, RFC 5452 matching, decoding) on the engine in use: the Linux UDP event loop, or the runtime's sockets
/// with <c>DNSSECURE_UDP_EVENT_LOOP=0</c> (any mode; it sets the <c>DnsSecure.Transport.DisableUdpEventLoop</c> switch).</item>
/// <item><c>cached-load SECONDS</c>: cached validated lookups on one thread, in process (<see cref="ValidatorSetup"/>):
/// rate, and per-lookup latency percentiles from individually timed lookups.</item>
/// </list>
/// Two environment switches, read before the first query (any mode): <c>VALIDATOR_LOOPS=N</c> starts N UDP event loops
/// (the AppContext data <c>DnsSecure.Transport.UdpEventLoopCount</c>; default 1), and <c>VALIDATOR_POOL=1</c> builds the
/// load's resolvers with <see cref="ValidatingResolverOptions.ContinueOnThreadPool"/> (the workers resume on the thread
/// pool; by default they resume on the loop thread). The phase lines say <c>pool=</c>, <c>loops=</c>, and how many
/// completions the library found slow (<c>slow_completions=</c>: callers were then resumed on the thread pool for a while)
/// and how many times a loop was given a fresh thread (<c>rescues=</c>).
/// </summary>
public static class ValidatorLoad
{
    /// <summary>Runs the mode named by <c>args[0]</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Environment.GetEnvironmentVariable("VALIDATOR_LOOPS") is { Length: > 0 } loops)
        {
            AppContext.SetData(Transport.EventLoop.UdpEventLoops.LoopCountData, loops); // before the first query starts the loops
        }

        switch (args[0])
        {
            case "validator-load" when args.Length == 7:
                return await LoadAsync(IPEndPoint.Parse(args[1]), ReadAnchors(args[2]), ReadQuestions(args[3]), ReadQuestions(args[4]),
                    int.Parse(args[5], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(args[6], CultureInfo.InvariantCulture))).ConfigureAwait(false);
            case "cold-chain" when args.Length == 6:
                return await ColdChainAsync(IPEndPoint.Parse(args[1]), ReadAnchors(args[2]), new DnsQuestion(DomainName.Parse(args[3]), Parse(args[4])),
                    int.Parse(args[5], CultureInfo.InvariantCulture)).ConfigureAwait(false);
            case "udp-floor-load" when args.Length == 4:
                return await UdpFloorLoadAsync(IPEndPoint.Parse(args[1]), ReadQuestions(args[2]), int.Parse(args[3], CultureInfo.InvariantCulture)).ConfigureAwait(false);
            case "udp-transport-load" when args.Length == 4:
                return await UdpTransportLoadAsync(IPEndPoint.Parse(args[1]), ReadQuestions(args[2]), int.Parse(args[3], CultureInfo.InvariantCulture)).ConfigureAwait(false);
            case "cached-load" when args.Length == 2:
                return await CachedAsync(TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture))).ConfigureAwait(false);
            default:
                Console.Error.WriteLine("""
                    usage: validator-load SERVER ANCHORS WARMUP QUERIES CONCURRENCY SECONDS
                           cold-chain SERVER ANCHORS NAME TYPE ITERATIONS
                           udp-floor-load SERVER QUERIES CONCURRENCY
                           udp-transport-load SERVER QUERIES CONCURRENCY
                           cached-load SECONDS
                    """);
                return 2;
        }
    }

    private static async Task<int> LoadAsync(IPEndPoint server, TrustAnchorStore anchors, DnsQuestion[] warmup, DnsQuestion[] questions, int concurrency, TimeSpan duration)
    {
        await using StubResolver stub = ValidatorSetup.CreateStub(server);
        var resolver = new ValidatingResolver(new StubDataSource(stub), anchors, new ValidatingResolverOptions { MaxCacheEntries = questions.Length + warmup.Length + 1024, AggressiveNsec = false, ContinueOnThreadPool = Pool });
        var statuses = new Dictionary<DnssecStatus, int>();
        foreach (DnsQuestion q in warmup)
        {
            ValidatedLookup warm = await resolver.ResolveAsync(q.Name, q.Type).ConfigureAwait(false);
            statuses[warm.Status] = statuses.GetValueOrDefault(warm.Status) + 1;
        }

        Console.Error.WriteLine($"warm-up: {string.Join(", ", statuses.Select(p => $"{p.Key} {p.Value}"))}");
        long upstreamBefore = resolver.UpstreamQueryCount;
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using AllocationSampler? sampler = Environment.GetEnvironmentVariable("VALIDATOR_ALLOCATION_TYPES") == "1" ? new AllocationSampler() : null;
        sampler?.Start();
        Phase cold = await RunPhaseAsync(resolver, questions, concurrency, duration, loop: false).ConfigureAwait(false);
        sampler?.Stop();
        sampler?.Print(Console.Error, cold.Answers);
        long coldQueries = resolver.UpstreamQueryCount - upstreamBefore;
        // What the cache keeps per answer (after the measurement: a full collection, then the heap's growth per answer).
        long retained = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / Math.Max(1, cold.Answers);
        Console.WriteLine(cold.Format("cold") + $" upstream={coldQueries} retained_bytes_per_answer={retained} {LoopMode}");
        if (Environment.GetEnvironmentVariable("VALIDATOR_COLD_ONLY") == "1")
        {
            // For profiling the cold phase alone (perf record over the whole process).
            return 0;
        }

        upstreamBefore = resolver.UpstreamQueryCount;
        Phase warmPhase = await RunPhaseAsync(resolver, questions.AsMemory(0, (int)Math.Min(cold.Answers, questions.Length)).ToArray(), concurrency, duration, loop: true).ConfigureAwait(false);
        Console.WriteLine(warmPhase.Format("warm") + $" upstream={resolver.UpstreamQueryCount - upstreamBefore} {LoopMode}");
        return 0;
    }

    private static async Task<Phase> RunPhaseAsync(ValidatingResolver resolver, DnsQuestion[] questions, int concurrency, TimeSpan duration, bool loop)
    {
        long next = -1, answers = 0, secure = 0;
        using var stop = new CancellationTokenSource(duration);
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        GcCounts gcBefore = GcCounts.Now();
        ContextSwitches switchesBefore = ContextSwitches.Now();
        var clock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long i = Interlocked.Increment(ref next);
                if (!loop && i >= questions.Length)
                {
                    return;
                }

                DnsQuestion q = questions[i % questions.Length];
                ValidatedLookup result = await resolver.ResolveAsync(q.Name, q.Type).ConfigureAwait(false);
                Interlocked.Increment(ref answers);
                if (result.Status == DnssecStatus.Secure)
                {
                    Interlocked.Increment(ref secure);
                }
            }
        }))];
        await Task.WhenAll(workers).ConfigureAwait(false);
        TimeSpan wall = clock.Elapsed;
        self.Refresh();
        return new Phase(answers, secure, wall, self.TotalProcessorTime - cpuBefore, GC.GetTotalAllocatedBytes() - allocatedBefore, GcCounts.Now() - gcBefore, ContextSwitches.Now() - switchesBefore);
    }

    private static async Task<int> UdpFloorLoadAsync(IPEndPoint server, DnsQuestion[] questions, int concurrency)
    {
        byte[][] queries = [.. questions.Select(q => new DnsMessage
        {
            Id = 0x1234,
            RecursionDesired = true,
            CheckingDisabled = true,
            Questions = [q],
            Edns = new Edns.EdnsRecord { DnssecOk = true, UdpPayloadSize = Wire.DnsLimits.DefaultEdnsPayloadSize },
        }.Encode())];

        // Warm-up (JIT, socket engine), not counted.
        byte[] warmBuffer = new byte[Wire.DnsLimits.MaxMessageSize];
        for (int i = 0; i < 200; i++)
        {
            await BareUdpExchange.RunAsync(server, queries[i % queries.Length], warmBuffer).ConfigureAwait(false);
        }

        ExchangePhase phase = await MeasureExchangesAsync(queries.Length, concurrency, () => new byte[Wire.DnsLimits.MaxMessageSize], async (i, buffer) =>
        {
            await BareUdpExchange.RunAsync(server, queries[i], buffer).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        Console.WriteLine("phase=udp-floor " + phase.Format());
        return 0;
    }

    private static async Task<int> UdpTransportLoadAsync(IPEndPoint server, DnsQuestion[] questions, int concurrency)
    {
        var transport = new Transport.UdpTransport(new Transport.TransportSettings());
        DnsMessage[] queries = [.. questions.Select(q => new DnsMessage
        {
            RecursionDesired = true,
            CheckingDisabled = true,
            Questions = [q],
            Edns = new Edns.EdnsRecord { DnssecOk = true, UdpPayloadSize = Wire.DnsLimits.DefaultEdnsPayloadSize },
        })];
        for (int i = 0; i < 200; i++)
        {
            await transport.ExchangeAsync(queries[i % queries.Length], server, TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
        }

        ExchangePhase phase = await MeasureExchangesAsync(queries.Length, concurrency, () => (object?)null, async (i, _) =>
        {
            Transport.ExchangeResult r = await transport.ExchangeAsync(queries[i], server, TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            return r.Outcome == Transport.ExchangeOutcome.Response;
        }).ConfigureAwait(false);
        Console.WriteLine($"phase=udp-transport engine={Program.UdpEngineName} " + phase.Format());
        return 0;
    }

    /// <summary>Runs <paramref name="exchange"/> once for each index below <paramref name="count"/>, CONCURRENCY at a time
    /// (each worker with its own state from <paramref name="workerState"/>), and measures the process's CPU time.</summary>
    private static async Task<ExchangePhase> MeasureExchangesAsync<TState>(long count, int concurrency, Func<TState> workerState, Func<long, TState, Task<bool>> exchange)
    {
        long next = -1, answers = 0;
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            TState state = workerState();
            for (long i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                if (await exchange(i, state).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref answers);
                }
            }
        }))];
        await Task.WhenAll(workers).ConfigureAwait(false);
        TimeSpan wall = clock.Elapsed;
        self.Refresh();
        return new ExchangePhase(answers, wall, self.TotalProcessorTime - cpuBefore);
    }

    private readonly record struct ExchangePhase(long Exchanges, TimeSpan Wall, TimeSpan Cpu)
    {
        public string Format() => string.Create(CultureInfo.InvariantCulture,
            $"exchanges={Exchanges} seconds={Wall.TotalSeconds:0.###} cpu_seconds={Cpu.TotalSeconds:0.###} cpu_us_per_exchange={Cpu.TotalMicroseconds / Math.Max(1, Exchanges):0.0}");
    }

    /// <summary><c>VALIDATOR_POOL=1</c>: the load's resolvers resume their callers on the thread pool, never on a loop thread.</summary>
    private static bool Pool => Environment.GetEnvironmentVariable("VALIDATOR_POOL") == "1";

    /// <summary>The continuation mode, the number of UDP event loops running and what the loops' safeguards did, for the phase lines.</summary>
    private static string LoopMode => string.Create(CultureInfo.InvariantCulture,
        $"pool={(Pool ? 1 : 0)} loops={Transport.EventLoop.UdpEventLoops.Started.Count} slow_completions={Transport.EventLoop.InlineContinuationPolicy.SlowCompletions} rescues={Transport.EventLoop.UdpEventLoops.Started.Sum(l => l.Rescues)}");

    private static async Task<int> ColdChainAsync(IPEndPoint server, TrustAnchorStore anchors, DnsQuestion question, int iterations)
    {
        await using StubResolver stub = ValidatorSetup.CreateStub(server);
        // The chain's queries one after another (the walk before goal c's work) and sent ahead concurrently (the default),
        // measured alternately, lookup by lookup, so that both see the same machine load.
        var modes = new[] { ("sequential", new ValidatingResolverOptions { SendChainQueriesAhead = false, ContinueOnThreadPool = Pool }), ("ahead", new ValidatingResolverOptions { ContinueOnThreadPool = Pool }) };
        foreach (bool clearKeys in (bool[])[false, true])
        {
            // Warm-up: JIT and sockets, not measured.
            for (int i = 0; i < 20; i++)
            {
                foreach (var (_, options) in modes)
                {
                    await new ValidatingResolver(new StubDataSource(stub), anchors, options).ResolveAsync(question.Name, question.Type).ConfigureAwait(false);
                }
            }

            double[][] times = [new double[iterations], new double[iterations]];
            ValidatedLookup?[] last = new ValidatedLookup?[modes.Length];
            int[] secure = new int[modes.Length];
            // The process's CPU time (all threads: the walk, the exchanges' completions, GC) per lookup: on a loaded
            // machine the wall-clock figures mostly measure waiting for a core; the CPU time says what a lookup costs.
            var cpu = new TimeSpan[modes.Length];
            for (int i = 0; i < iterations; i++)
            {
                for (int m = 0; m < modes.Length; m++)
                {
                    // A cold chain meets signatures it has never checked: forget earlier successful checks.
                    VerifiedSignatureCache.Shared.Clear();
                    if (clearKeys)
                    {
                        VerificationKeyCache.Shared.Clear();
                    }

                    var resolver = new ValidatingResolver(new StubDataSource(stub), anchors, modes[m].Item2);
                    TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
                    long started = Stopwatch.GetTimestamp();
                    last[m] = await resolver.ResolveAsync(question.Name, question.Type).ConfigureAwait(false);
                    times[m][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    cpu[m] += Environment.CpuUsage.TotalTime - cpuBefore;
                    secure[m] += last[m]!.Status == DnssecStatus.Secure ? 1 : 0;
                }
            }

            for (int m = 0; m < modes.Length; m++)
            {
                double[] sorted = times[m];
                Array.Sort(sorted);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"phase={(clearKeys ? "keys-cleared" : "keys-cached")} mode={modes[m].Item1} lookups={iterations} secure={secure[m]} queries_per_lookup={last[m]!.UpstreamQueries} p50_ms={sorted[iterations / 2]:0.000} mean_ms={sorted.Average():0.000} min_ms={sorted[0]:0.000} p90_ms={sorted[iterations * 9 / 10]:0.000} cpu_ms={cpu[m].TotalMilliseconds / iterations:0.000} {LoopMode}"));
            }
        }

        return 0;
    }

    private static async Task<int> CachedAsync(TimeSpan duration)
    {
        await using ValidatorSetup setup = await ValidatorSetup.CreateAsync().ConfigureAwait(false);
        ValidatingResolver resolver = setup.CreateResolver();
        DomainName[] names = [.. Enumerable.Range(0, 1000).Select(i => DomainName.Parse($"n{i}.wild.secure.bench."))];
        foreach (DomainName name in names)
        {
            if ((await resolver.ResolveAsync(name, RecordType.A).ConfigureAwait(false)).Status != DnssecStatus.Secure)
            {
                Console.Error.WriteLine($"set-up failed for {name}");
                return 1;
            }
        }

        // Warm-up: let tiered compilation settle before anything is timed.
        var warmup = Stopwatch.StartNew();
        for (long i = 0; warmup.Elapsed < TimeSpan.FromSeconds(2); i++)
        {
            _ = Completed(resolver.ResolveAsync(names[(int)(i % names.Length)], RecordType.A));
        }

        foreach (int distinct in (int[])[1, 1000])
        {
            // Rate: untimed lookups in a loop, one thread; per wall second and per second of this process's CPU time
            // (on a shared machine the thread is not always running, so the CPU figure is the per-core rate).
            long count = 0;
            using Process self = Process.GetCurrentProcess();
            TimeSpan cpuBefore = self.TotalProcessorTime;
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                for (int i = 0; i < 10_000; i++)
                {
                    ValueTask<ValidatedLookup> pending = resolver.ResolveAsync(names[(int)(count++ % distinct)], RecordType.A);
                    if (!pending.IsCompletedSuccessfully || pending.Result.Status != DnssecStatus.Secure)
                    {
                        Console.Error.WriteLine("a cached lookup did not complete synchronously");
                        return 1;
                    }
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            self.Refresh();
            double cpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds;

            // Latency: each lookup timed on its own; the timer's own cost (timer_ns) is included in p50_ns.
            long[] ticks = new long[1_000_000];
            for (int i = 0; i < ticks.Length; i++)
            {
                DomainName name = names[i % distinct];
                long t0 = Stopwatch.GetTimestamp();
                ValidatedLookup result = Completed(resolver.ResolveAsync(name, RecordType.A));
                ticks[i] = Stopwatch.GetTimestamp() - t0;
                GC.KeepAlive(result);
            }

            // The timer's own cost: two back-to-back readings, same percentile.
            long[] empty = new long[ticks.Length];
            for (int i = 0; i < empty.Length; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                empty[i] = Stopwatch.GetTimestamp() - t0;
            }

            Array.Sort(empty);
            double timerNs = empty[empty.Length / 2] * 1e9 / Stopwatch.Frequency;
            Array.Sort(ticks);
            double Ns(long t) => t * 1e9 / Stopwatch.Frequency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"phase=cached-{distinct} lookups={count} seconds={seconds:0.###} lookups_per_second={count / seconds:0} cpu_seconds={cpuSeconds:0.###} lookups_per_cpu_second={count / cpuSeconds:0} bytes_allocated_per_lookup={(double)allocated / count:0.###} p50_ns={Ns(ticks[ticks.Length / 2]):0} p99_ns={Ns(ticks[ticks.Length * 99 / 100]):0} timer_ns={timerNs:0} gc0={GC.CollectionCount(0)}"));
        }

        return 0;
    }

    private static ValidatedLookup Completed(ValueTask<ValidatedLookup> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("a cached lookup did not complete synchronously");

    private static TrustAnchorStore ReadAnchors(string path) => TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(File.ReadAllText(path)));

    private static DnsQuestion[] ReadQuestions(string path) => [.. File.ReadLines(path)
        .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        .Where(t => t.Length >= 2)
        .Select(t => new DnsQuestion(DomainName.Parse(t[0].EndsWith('.') ? t[0] : t[0] + "."), Parse(t[1])))];

    private static RecordType Parse(string type) => RecordTypeText.TryParseType(type, out RecordType parsed) ? parsed : throw new FormatException(type);

    private readonly record struct Phase(long Answers, long Secure, TimeSpan Wall, TimeSpan Cpu, long Allocated, GcCounts Gc, ContextSwitches Switches)
    {
        public string Format(string name) => string.Create(CultureInfo.InvariantCulture,
            $"phase={name} answers={Answers} secure={Secure} seconds={Wall.TotalSeconds:0.###} cpu_seconds={Cpu.TotalSeconds:0.###} answers_per_second={Answers / Wall.TotalSeconds:0} cpu_us_per_answer={Cpu.TotalMicroseconds / Math.Max(1, Answers):0.0} answers_per_cpu_second={Answers / Math.Max(1e-9, Cpu.TotalSeconds):0} allocated_bytes_per_answer={Allocated / Math.Max(1, Answers)} {Gc} {Switches.Format(Answers)}");
    }

    /// <summary>Garbage collections by generation and the time the runtime was paused for them.</summary>
    private readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static GcCounts operator -(GcCounts after, GcCounts before) =>
            new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"gc0={Gen0} gc1={Gen1} gc2={Gen2} gc_pause_ms={Paused.TotalMilliseconds:0.0}");
    }
}
