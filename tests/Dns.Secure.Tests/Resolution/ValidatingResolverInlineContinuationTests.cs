using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;
using DnsSecure.Transport.EventLoop;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Tests.Resolution;

/// <summary>
/// Where the caller resumes, over a signed tree served on loopback, UDP on the event loop: by default the caller's code
/// after the await runs on the loop thread (and a lookup started there stays on that loop), with
/// <see cref="ValidatingResolverOptions.ContinueOnThreadPool"/> never; verdicts, timeouts and cancellation are the same
/// either way. A caller that blocks the loop is rescued (a fresh loop thread) and, when it keeps doing so, callers resume
/// on the thread pool for a while.
/// </summary>
[Collection(NetworkLoadCollection.Name)]
public sealed class ValidatingResolverInlineContinuationTests
{
    private const int LoopPausedEvent = 1013;
    private const int LoopRescuedEvent = 1014;
    private static readonly DomainName s_example = DomainName.Parse("example.");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Resolve_ConcurrentColdLookupsUnderOneZone_ShareTheKeyFetchesAndAskEachNameOnce(bool continueOnThreadPool)
    {
        // Every lookup needs the zone's DNSKEY and DS: concurrent cold lookups must share those fetches, not send one each.
        await using Setup setup = await Setup.CreateAsync(continueOnThreadPool);
        DomainName[] names = [.. Enumerable.Range(0, 10).Select(i => DomainName.Parse($"h{i}.example."))];

        ValidatedLookup[] results = await Task.WhenAll(names.Select(n => setup.Resolver.ResolveAsync(n, RecordType.A).AsTask()));

        Assert.All(results, r => Assert.Equal(DnssecStatus.Secure, r.Status));
        Assert.All(names, n => Assert.Equal(1, setup.Hierarchy.Server.Queries.Count(n, RecordType.A)));
        // All ten start within the 30 ms every answer is delayed; a lookup starved past that finds the keys cached or,
        // at worst, starts one more fetch of its own.
        Assert.InRange(setup.Hierarchy.Server.Queries.Count(DomainName.Parse("example."), RecordType.DNSKEY), 1, 2);
        Assert.InRange(setup.Hierarchy.Server.Queries.Count(DomainName.Parse("example."), RecordType.DS), 1, 2);
    }

    [Fact]
    public async Task ResolveAsync_Default_ContinuesOnTheLoopThreadAndIsSecure()
    {
        await using Setup s = await Setup.CreateAsync();

        (ValidatedLookup result, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A));

        Assert.True(result.Status == DnssecStatus.Secure, result.ToString());
        Assert.NotNull(loop);
    }

    [Fact]
    public async Task ResolveAsync_ContinueOnThreadPool_NeverContinuesOnTheLoopThread()
    {
        await using Setup s = await Setup.CreateAsync(continueOnThreadPool: true);
        using var cts = new CancellationTokenSource();

        for (int i = 0; i < 10; i++)
        {
            // Cancellable and not: the two paths through the resolver's single flight.
            CancellationToken token = i % 2 == 0 ? CancellationToken.None : cts.Token;
            (ValidatedLookup result, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync($"h{i}.example.", RecordType.A, token));

            Assert.NotEqual(DnssecStatus.Indeterminate, result.Status);
            Assert.Null(loop);
        }
    }

    [Fact]
    public async Task ResolveAsync_WithCancellableToken_ContinuesOnTheLoopThread()
    {
        await using Setup s = await Setup.CreateAsync();
        using var cts = new CancellationTokenSource();

        (ValidatedLookup result, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A, cts.Token));

        Assert.True(result.Status == DnssecStatus.Secure, result.ToString());
        Assert.NotNull(loop);
    }

    [Fact]
    public async Task ResolveAsync_StartedFromAnInlineContinuation_IsSecureAndStaysOnThatLoop()
    {
        await using Setup s = await Setup.CreateAsync();

        (UdpEventLoop? first, ValidatedLookup second, UdpEventLoop? secondLoop) = await Task.Run(async () =>
        {
            await s.Resolver.ResolveAsync("www.example.", RecordType.A).ConfigureAwait(false);
            UdpEventLoop? firstLoop = UdpEventLoop.LoopOfThisThread;
            ValidatedLookup next = await s.Resolver.ResolveAsync("mail.example.", RecordType.A).ConfigureAwait(false);
            UdpEventLoop? nextLoop = UdpEventLoop.LoopOfThisThread;
            await Task.Yield(); // leave the loop thread before the test's own code resumes
            return (firstLoop, next, nextLoop);
        });

        Assert.NotNull(first);
        Assert.True(second.Status == DnssecStatus.Secure, second.ToString());
        Assert.True(second.UpstreamQueries > 0, "the second lookup was answered without a query: it proves nothing about the loop");
        Assert.Same(first, secondLoop);
    }

    [Fact]
    public async Task ResolveAsync_CorruptSignatures_StaysBogusAlsoFromAnInlineContinuation()
    {
        await using Setup s = await Setup.CreateAsync();
        s.Hierarchy.Server.Faults.AddForZone(s_example, Fault.CorruptSignatures);

        (ValidatedLookup first, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A));
        ValidatedLookup second = await Task.Run(async () =>
        {
            await s.Resolver.ResolveAsync("h1.example.", RecordType.A).ConfigureAwait(false);
            bool onLoop = UdpEventLoop.LoopOfThisThread is not null;
            ValidatedLookup next = await s.Resolver.ResolveAsync("mail.example.", RecordType.A).ConfigureAwait(false);
            await Task.Yield();
            Assert.True(onLoop, "the second lookup was not started from an inline continuation");
            return next;
        });

        Assert.NotNull(loop);
        Assert.True(first.Status == DnssecStatus.Bogus, first.ToString());
        Assert.True(second.Status == DnssecStatus.Bogus, second.ToString());
    }

    [Fact]
    public async Task ResolveAsync_SameQuestionTwiceAtOnce_OnlyTheFirstCallerContinuesOnTheLoop()
    {
        // The second caller joins the first one's flight: it is resumed from the thread pool.
        await using Setup s = await Setup.CreateAsync();
        s.Hierarchy.Server.Faults.Add(Fault.Delayed(TimeSpan.FromMilliseconds(100)));

        Task<(ValidatedLookup Result, UdpEventLoop? Loop)> first = ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A));
        Task<(ValidatedLookup Result, UdpEventLoop? Loop)> second = ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A));
        (ValidatedLookup firstResult, UdpEventLoop? firstLoop) = await first;
        (ValidatedLookup secondResult, UdpEventLoop? secondLoop) = await second;

        Assert.Same(firstResult, secondResult);
        Assert.True(firstResult.Status == DnssecStatus.Secure, firstResult.ToString());
        Assert.NotNull(firstLoop);
        Assert.Null(secondLoop);
    }

    [Fact]
    public async Task ResolveAsync_UpstreamSilent_IsIndeterminateThenSecureOnTheLoopWhenItAnswersAgain()
    {
        // The timeout may complete on the loop (its deadline) or on a timer thread (the lookup's own deadline): either way
        // the verdict is Indeterminate, and the loop goes on serving inline lookups afterwards.
        await using Setup s = await Setup.CreateAsync(timeout: TimeSpan.FromMilliseconds(200));
        FaultRule silence = s.Hierarchy.Server.Faults.Add(Fault.NoAnswer);

        (ValidatedLookup silent, _) = await ContinueAfter(s.Resolver.ResolveAsync("www.example.", RecordType.A));
        s.Hierarchy.Server.Faults.Remove(silence);
        (ValidatedLookup answered, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync("mail.example.", RecordType.A));

        Assert.True(silent.Status == DnssecStatus.Indeterminate, silent.ToString());
        Assert.True(answered.Status == DnssecStatus.Secure, answered.ToString());
        Assert.NotNull(loop);
    }

    [Fact]
    public async Task ResolveAsync_CancelledWhileWaiting_ThrowsOperationCanceled()
    {
        await using Setup s = await Setup.CreateAsync(timeout: TimeSpan.FromSeconds(5));
        s.Hierarchy.Server.Faults.Add(Fault.NoAnswer);
        using var cts = new CancellationTokenSource();

        ValueTask<ValidatedLookup> pending = s.Resolver.ResolveAsync("www.example.", RecordType.A, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public async Task ResolveAsync_ContinuationWaitsSynchronouslyForALookupOnTheSameLoop_IsRescuedNotDeadlocked()
    {
        await using Setup s = await Setup.CreateAsync();
        int rescuesBefore = UdpEventLoops.Started.Sum(l => l.Rescues);

        (UdpEventLoop? blockedLoop, ValidatedLookup waitedFor) = await Task.Run(async () =>
        {
            await s.Resolver.ResolveAsync("www.example.", RecordType.A).ConfigureAwait(false);
            UdpEventLoop? loop = UdpEventLoop.LoopOfThisThread;

            // Sync-over-async on the loop thread: this lookup starts on the same loop, whose thread is the one waiting here.
            ValidatedLookup inner = s.Resolver.ResolveAsync("mail.example.", RecordType.A).AsTask().GetAwaiter().GetResult();
            await Task.Yield();
            return (loop, inner);
        }).WaitAsync(TimeSpan.FromSeconds(30));
        ValidatedLookup afterwards = await s.Resolver.ResolveAsync("h1.example.", RecordType.A);

        Assert.NotNull(blockedLoop);
        Assert.True(waitedFor.Status == DnssecStatus.Secure, waitedFor.ToString());
        Assert.True(blockedLoop.Rescues > 0 && UdpEventLoops.Started.Sum(l => l.Rescues) > rescuesBefore, "the blocked loop was not handed to a fresh thread");
        Assert.True(afterwards.Status == DnssecStatus.Secure, afterwards.ToString());
        Assert.Contains(s.Log.Events, e => e.Id.Id == LoopRescuedEvent && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task ResolveAsync_CallersThatKeepBlockingTheLoop_AreThenResumedOnTheThreadPool()
    {
        await using Setup s = await Setup.CreateAsync();
        InlineContinuationPolicy.Enabled = true;
        int pausesBefore = InlineContinuationPolicy.Pauses;
        int onLoop = 0;

        // A caller that sleeps after each lookup, on the loop thread. The first may be excused (code compiled on first
        // use, on that thread, is start-up, not the caller's habit); the next ones count.
        for (int i = 0; i < 8 && InlineContinuationPolicy.Pauses == pausesBefore; i++)
        {
            string name = $"h{i}.example.";
            await Task.Run(async () =>
            {
                await s.Resolver.ResolveAsync(name, RecordType.A).ConfigureAwait(false);
                if (UdpEventLoop.LoopOfThisThread is not null)
                {
                    onLoop++;
                }

                Thread.Sleep(30);
                await Task.Yield();
            });
        }

        (ValidatedLookup after, UdpEventLoop? loop) = await ContinueAfter(s.Resolver.ResolveAsync("mail.example.", RecordType.A));

        Assert.True(onLoop >= 2, $"only {onLoop} blocking callers ran on the loop");
        Assert.True(InlineContinuationPolicy.Pauses > pausesBefore, "blocking callers did not make the resolver resume callers on the thread pool");
        Assert.Contains(s.Log.Events, e => e.Id.Id == LoopPausedEvent && e.Level == LogLevel.Warning && e.Message.Contains("10 s", StringComparison.Ordinal));
        Assert.True(after.Status == DnssecStatus.Secure, after.ToString());
        Assert.Null(loop);
    }

    /// <summary>Awaits like user code without a context; says on which loop, if any, the continuation ran.</summary>
    private static async Task<(T Result, UdpEventLoop? Loop)> ContinueAfter<T>(ValueTask<T> pending)
    {
        T result = await pending.ConfigureAwait(false);
        UdpEventLoop? loop = UdpEventLoop.LoopOfThisThread;
        await Task.Yield(); // leave the loop thread before the test's own code resumes
        return (result, loop);
    }

    /// <summary>A signed tree (root → example.) on loopback, a stub on the UDP event loop and a resolver over it.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private Setup(TestHierarchy hierarchy, StubResolver stub, ValidatingResolver resolver, ListLogger<StubResolver> log)
        {
            Hierarchy = hierarchy;
            Stub = stub;
            Resolver = resolver;
            Log = log;
        }

        public TestHierarchy Hierarchy { get; }

        public StubResolver Stub { get; }

        public ValidatingResolver Resolver { get; }

        /// <summary>The stub's log: the loop writes there what its safeguards did.</summary>
        public ListLogger<StubResolver> Log { get; }

        public static async Task<Setup> CreateAsync(bool continueOnThreadPool = false, TimeSpan? timeout = null)
        {
            DnsSecure.Tests.Transport.UdpTransportTests.UseEngine(eventLoop: true);
            // No pause left over from a test of blocking callers, and none from a loaded machine preempting the loop thread
            // (a test of the pause turns it back on).
            InlineContinuationPolicy.Reset();
            InlineContinuationPolicy.Enabled = false;
            TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b =>
            {
                TestZoneBuilder zone = b.AddZone("example.").WithRecord("www.example. 300 IN A 192.0.2.1").WithRecord("mail.example. 300 IN A 192.0.2.25");
                for (int i = 0; i < 10; i++)
                {
                    zone.WithRecord($"h{i}.example. 300 IN A 192.0.2.{100 + i}");
                }
            });
            var stubOptions = new StubResolverOptions { CacheMaxEntries = 0, Timeout = timeout, Attempts = timeout is null ? null : 1 };
            stubOptions.Servers.Add(new NameServer(hierarchy.EndPoint));
            var log = new ListLogger<StubResolver>();
            var stub = new StubResolver(stubOptions, log);
            // Every answer comes late, so that each exchange is still pending when it is awaited and completes on the loop
            // thread (an answer that beat the await, on a busy machine, would let the caller's own thread go on with the
            // lookup synchronously, and finish it there).
            hierarchy.Server.Faults.Add(Fault.Delayed(TimeSpan.FromMilliseconds(30)));
            var resolver = new ValidatingResolver(new StubDataSource(stub), hierarchy.TrustAnchorStore, new ValidatingResolverOptions { ContinueOnThreadPool = continueOnThreadPool });
            return new Setup(hierarchy, stub, resolver, log);
        }

        public async ValueTask DisposeAsync()
        {
            await Stub.DisposeAsync();
            await Hierarchy.DisposeAsync();
            InlineContinuationPolicy.Reset();
            InlineContinuationPolicy.Enabled = true;
        }
    }
}
