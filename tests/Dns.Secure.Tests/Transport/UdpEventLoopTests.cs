using System.Net;
using System.Net.Sockets;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;
using DnsSecure.Transport.EventLoop;
using Xunit.Abstractions;

namespace DnsSecure.Tests.Transport;

[Collection(NetworkLoadCollection.Name)]
public sealed class UdpEventLoopTests(ITestOutputHelper output)
{
    private const int ResponseIgnoredEvent = 1001;
    private static readonly DomainName Www = DomainName.Parse("www.example.test.");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_ForgedIdQuestionAndGarbageBeforeTheAnswer_DropsThemAndAcceptsTheAnswer(bool eventLoop)
    {
        UdpTransportTests.UseEngine(eventLoop);
        FakeDnsServer? server = null;
        server = new FakeDnsServer(r =>
        {
            DnsMessage q = r.Query;
            DnsMessage lie = FakeDnsServer.Reply(q, FakeDnsServer.A(q, "203.0.113.66"));
            server!.SendUdp((lie with { Id = (ushort)(q.Id ^ 0x0101) }).Encode(), r.Source);
            server.SendUdp((lie with { Questions = [new DnsQuestion(DomainName.Parse("other.example.test."), RecordType.A)] }).Encode(), r.Source);
            server.SendUdp([.. lie.Encode().AsSpan(0, 20)], r.Source);
            return Task.FromResult<FakeResponse?>(FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        });
        await using (server)
        {
            var logger = new ListLogger<StubResolver>();
            var transport = new UdpTransport(new TransportSettings { Logger = logger });

            ExchangeResult result = await transport.ExchangeAsync(Query(Www), server.EndPoint, TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.Equal(ExchangeOutcome.Response, result.Outcome);
            Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARdata)Assert.Single(result.Response!.Answers).Data).Address);
            Assert.Equal(3, logger.Count(ResponseIgnoredEvent));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_SilentServer_TimesOut(bool eventLoop)
    {
        UdpTransportTests.UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());

        ExchangeResult result = await transport.ExchangeAsync(Query(Www), server.EndPoint, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal(ExchangeOutcome.Timeout, result.Outcome);
        for (int i = 0; i < 100 && server.UdpQueries == 0; i++)
        {
            await Task.Delay(20); // the server counts the query on its own schedule
        }

        Assert.Equal(1, server.UdpQueries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_CancelledBeforeSend_ThrowsAndSendsNothing(bool eventLoop)
    {
        UdpTransportTests.UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        var transport = new UdpTransport(new TransportSettings());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await transport.ExchangeAsync(Query(Www), server.EndPoint, TimeSpan.FromSeconds(10), cancel.Token));
        await Task.Delay(100);

        Assert.Equal(0, server.UdpQueries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_CancelledAfterSend_ThrowsOperationCanceled(bool eventLoop)
    {
        UdpTransportTests.UseEngine(eventLoop);
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeDnsServer(_ =>
        {
            received.TrySetResult();
            return Task.FromResult<FakeResponse?>(null);
        });
        var transport = new UdpTransport(new TransportSettings());
        using var cancel = new CancellationTokenSource();

        ValueTask<ExchangeResult> pending = transport.ExchangeAsync(Query(Www), server.EndPoint, TimeSpan.FromSeconds(30), cancel.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public async Task Exchange_LoggerThrowsOnTheLoopThread_FailsThatExchangeAndTheLoopGoesOn()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var forger = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q) with { Id = (ushort)(q.Id ^ 1) });
        await using var good = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        var throwing = new UdpTransport(new TransportSettings { Logger = new ThrowingLogger() });

        ExchangeResult failed = await throwing.ExchangeAsync(Query(Www), forger.EndPoint, TimeSpan.FromSeconds(10), CancellationToken.None);
        ExchangeResult[] after = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            new UdpTransport(new TransportSettings()).ExchangeAsync(Query(Numbered(i)), good.EndPoint, TimeSpan.FromSeconds(10), CancellationToken.None).AsTask()));

        Assert.Equal(ExchangeOutcome.NetworkError, failed.Outcome); // the dropped forgery's log line threw
        Assert.All(after, r => Assert.Equal(ExchangeOutcome.Response, r.Outcome));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_InfiniteTimeoutAnswered_ThenAnotherCancelled(bool eventLoop)
    {
        UdpTransportTests.UseEngine(eventLoop);
        await using var good = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        ExchangeResult answered = await transport.ExchangeAsync(Query(Www), good.EndPoint, Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.Equal(ExchangeOutcome.Response, answered.Outcome);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await transport.ExchangeAsync(Query(Www), silent.EndPoint, Timeout.InfiniteTimeSpan, cancel.Token));
    }

    [Fact]
    public async Task Exchange_CancelledWhileBeingRegistered_LeavesNothingPendingOrOpen()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        int before = OpenDescriptors();

        // Infinite timeouts: only the cancellation can end these, so a registration that outlives it stays pending for good.
        for (int i = 0; i < 300; i++)
        {
            using var cancel = new CancellationTokenSource();
            Task cancelling = Task.Run(cancel.Cancel);
            try
            {
                await transport.ExchangeAsync(Query(Numbered(i)), silent.EndPoint, Timeout.InfiniteTimeSpan, cancel.Token);
                Assert.Fail($"exchange {i} ended without its cancellation");
            }
            catch (OperationCanceledException)
            {
            }

            await cancelling;
        }

        for (int i = 0; i < 100 && UdpEventLoops.Started.Any(l => l.PendingCount > 0); i++)
        {
            await Task.Delay(20);
        }

        Assert.All(UdpEventLoops.Started, l => Assert.Equal(0, l.PendingCount));
        await AssertDescriptorsBackTo(before);
    }

    [Fact]
    public async Task Exchange_ManyAnsweredBehindALivePendingOne_DeadlineHeapStaysSmall()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var good = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        using var cancel = new CancellationTokenSource();

        // One unanswered exchange with an infinite deadline on every loop sits on top of its heap; the answered ones, with
        // the same (infinite) deadline, queue up below it.
        Task[] live = [.. Enumerable.Range(0, UdpEventLoops.Started.Count + 2).Select(i =>
            transport.ExchangeAsync(Query(Numbered(10_000 + i)), silent.EndPoint, Timeout.InfiniteTimeSpan, cancel.Token).AsTask())];
        for (int i = 0; i < 600; i++)
        {
            ExchangeResult answered = await transport.ExchangeAsync(Query(Numbered(i)), good.EndPoint, Timeout.InfiniteTimeSpan, CancellationToken.None);
            Assert.Equal(ExchangeOutcome.Response, answered.Outcome);
        }

        Assert.All(UdpEventLoops.Started, l => Assert.True(l.DeadlineCount <= Math.Max(64, 2 * l.PendingCount) + 1, $"heap {l.DeadlineCount}, pending {l.PendingCount}"));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(live));
    }

    [Fact]
    public async Task Loops_WithNothingPending_DoNotWakeUp()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var good = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            transport.ExchangeAsync(Query(Numbered(i)), i % 5 == 0 ? silent.EndPoint : good.EndPoint, TimeSpan.FromMilliseconds(i % 5 == 0 ? 50 : 300), CancellationToken.None).AsTask()));
        await UntilIdleAsync(); // the answered exchanges' deadlines are still ahead: nothing may wake the loops for them

        Dictionary<string, long> before = LoopWakeUps();
        await Task.Delay(500);
        Dictionary<string, long> after = LoopWakeUps();

        AssertNoWakeUp(before, after);
    }

    [Fact]
    public async Task Exchange_SentToAnIdleLoop_DoesNotWakeItUntilItsDeadline()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        await transport.ExchangeAsync(Query(Www), silent.EndPoint, TimeSpan.FromMilliseconds(1), CancellationToken.None); // the loops have started
        await UntilIdleAsync();
        Dictionary<string, long> before = LoopWakeUps();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        // The registration sets the loop's alarm for the deadline rather than waking it to recompute its sleep.
        Task<ExchangeResult> waiting = transport.ExchangeAsync(Query(Numbered(1)), silent.EndPoint, TimeSpan.FromMilliseconds(1500), CancellationToken.None).AsTask();
        await Task.Delay(500);
        Dictionary<string, long> meanwhile = LoopWakeUps();
        ExchangeResult result = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        AssertNoWakeUp(before, meanwhile);
        Assert.Equal(ExchangeOutcome.Timeout, result.Outcome);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(30)); // the alarm woke it, not before
    }

    [Fact]
    public async Task Exchange_AnswersRacingTheirDeadlines_EachCompletesOnceAndNoSocketIsLeft()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        var transport = new UdpTransport(new TransportSettings());
        int before = OpenDescriptors();

        // Deadlines of 0 to 3 ms against a loopback round trip of about that: answers and deadlines race (which wins varies).
        ExchangeResult[] results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            transport.ExchangeAsync(Query(Numbered(i)), server.EndPoint, TimeSpan.FromMicroseconds(i % 4 * 1000), CancellationToken.None).AsTask()));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Outcome is ExchangeOutcome.Response or ExchangeOutcome.Timeout, $"exchange {i}: {results[i].Outcome}");
            if (results[i].Outcome == ExchangeOutcome.Response)
            {
                Assert.Equal(Numbered(i), results[i].Response!.Question.Name);
            }
        }

        await AssertDescriptorsBackTo(before);
    }

    [Fact]
    public async Task Exchange_ThousandConcurrent_AllAnsweredWithTheirOwnAnswer()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        using var responder = new Responder(IPAddress.Loopback);
        var transport = new UdpTransport(new TransportSettings());

        ExchangeResult[] results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            transport.ExchangeAsync(Query(Numbered(i)), responder.EndPoint, TimeSpan.FromSeconds(20), CancellationToken.None).AsTask()));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(ExchangeOutcome.Response, results[i].Outcome);
            ResourceRecord answer = Assert.Single(results[i].Response!.Answers);
            Assert.Equal(Numbered(i), answer.Name);
            Assert.Equal(Responder.AddressFor(Numbered(i)), ((ARdata)answer.Data).Address);
        }
    }

    [Fact]
    public async Task Exchange_OverIpv6Loopback_IsAnswered()
    {
        if (!Socket.OSSupportsIPv6 || !CanBind(IPAddress.IPv6Loopback))
        {
            output.WriteLine("SKIPPED: ::1 is not available on this machine (no IPv6 loopback), nothing to test.");
            return;
        }

        UdpTransportTests.UseEngine(eventLoop: true);
        using var responder = new Responder(IPAddress.IPv6Loopback);
        var transport = new UdpTransport(new TransportSettings());

        ExchangeResult result = await transport.ExchangeAsync(Query(Www), responder.EndPoint, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(ExchangeOutcome.Response, result.Outcome);
        Assert.Equal(Responder.AddressFor(Www), ((ARdata)Assert.Single(result.Response!.Answers).Data).Address);
    }

    [Fact]
    public async Task Exchange_ManyAnsweredTimedOutAndCancelled_LeaksNoDescriptor()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        using var responder = new Responder(IPAddress.Loopback);
        await using var silent = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        await transport.ExchangeAsync(Query(Www), responder.EndPoint, TimeSpan.FromSeconds(5), CancellationToken.None); // loops started
        int before = OpenDescriptors();

        using var cancel = new CancellationTokenSource();
        Task<ExchangeResult>[] answered = [.. Enumerable.Range(0, 300).Select(i => transport.ExchangeAsync(Query(Numbered(i)), responder.EndPoint, TimeSpan.FromSeconds(10), CancellationToken.None).AsTask())];
        Task<ExchangeResult>[] timedOut = [.. Enumerable.Range(0, 100).Select(i => transport.ExchangeAsync(Query(Numbered(i)), silent.EndPoint, TimeSpan.FromMilliseconds(50), CancellationToken.None).AsTask())];
        Task<ExchangeResult>[] cancelled = [.. Enumerable.Range(0, 100).Select(i => transport.ExchangeAsync(Query(Numbered(i)), silent.EndPoint, TimeSpan.FromSeconds(30), cancel.Token).AsTask())];
        Assert.True(OpenDescriptors() >= before + 100, "the silent exchanges hold their sockets while they wait");
        await cancel.CancelAsync();

        Assert.All(await Task.WhenAll(answered), r => Assert.Equal(ExchangeOutcome.Response, r.Outcome));
        Assert.All(await Task.WhenAll(timedOut), r => Assert.Equal(ExchangeOutcome.Timeout, r.Outcome));
        foreach (Task<ExchangeResult> t in cancelled)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t);
        }

        await AssertDescriptorsBackTo(before);
    }

    [Fact]
    public async Task StubResolver_ContinueOnThreadPool_ContinuesOffTheLoopThread()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.CacheMaxEntries = 0; o.ContinueOnThreadPool = true; });

        for (int i = 0; i < 20; i++)
        {
            (LookupResult result, bool onLoop) = await ContinueAfter(resolver.LookupAsync(Numbered(i), RecordType.A));

            Assert.Equal(LookupStatus.Success, result.Status);
            Assert.False(onLoop, "the caller's continuation ran on a UDP loop thread");
        }
    }

    [Fact]
    public async Task StubResolver_Default_ContinuesOnTheLoopThreadThatReceivedTheAnswer()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        InlineContinuationPolicy.Reset();
        InlineContinuationPolicy.Enabled = false; // a loaded machine preempting the loop thread must not send callers to the pool
        // Late answers: each exchange is still pending when awaited, so it completes on the loop thread.
        await using var slow = new FakeDnsServer(async r =>
        {
            await Task.Delay(30);
            return FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "192.0.2.1"));
        });
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(slow.EndPoint)); o.CacheMaxEntries = 0; });
        var source = new StubDataSource(resolver);

        LookupResult result;
        bool onLoop, sourceOnLoop;
        DataSourceResponse response;
        try
        {
            (result, onLoop) = await ContinueAfter(resolver.LookupAsync(Numbered(1), RecordType.A));
            (response, sourceOnLoop) = await ContinueAfter(source.QueryAsync(new DnsQuestion(Numbered(2), RecordType.A)));
        }
        finally
        {
            InlineContinuationPolicy.Enabled = true;
        }

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.True(onLoop, "the caller's continuation did not run on the loop thread");
        Assert.True(response.HasMessage);
        Assert.True(sourceOnLoop, "the data source's caller did not run on the loop thread");
    }

    [Fact]
    public async Task StubResolver_ManyLookupsAnsweredTogether_AllContinueOffTheLoopThreadWithTheirOwnAnswer()
    {
        // Answers that arrive together complete in one loop pass and leave it as one batch of thread-pool work: each
        // caller must still continue off the loop thread, with its own answer.
        UdpTransportTests.UseEngine(eventLoop: true);
        using var responder = new Responder(IPAddress.Loopback);
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(responder.EndPoint)); o.CacheMaxEntries = 0; o.ContinueOnThreadPool = true; });

        (LookupResult Result, bool OnLoop)[] results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            ContinueAfter(resolver.LookupAsync(Numbered(i), RecordType.A))));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.False(results[i].OnLoop, "a caller's continuation ran on a UDP loop thread");
            Assert.Equal(LookupStatus.Success, results[i].Result.Status);
            Assert.Equal(Responder.AddressFor(Numbered(i)), ((ARdata)Assert.Single(results[i].Result.Response!.Answers).Data).Address);
        }
    }

    [Fact]
    public async Task StubDataSource_OverAStubThatContinuesOnThreadPool_ContinuesOffTheLoopThread()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.CacheMaxEntries = 0; o.ContinueOnThreadPool = true; });
        var source = new StubDataSource(resolver);

        for (int i = 0; i < 20; i++)
        {
            (DataSourceResponse response, bool onLoop) = await ContinueAfter(source.QueryAsync(new DnsQuestion(Numbered(i), RecordType.A)));

            Assert.True(response.HasMessage);
            Assert.False(onLoop, "the caller's continuation ran on a UDP loop thread");
        }
    }

    [Fact]
    public async Task ValidatingResolver_ContinueOnThreadPool_ContinuesOffTheLoopThread()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver stub = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.CacheMaxEntries = 0; });
        var resolver = new ValidatingResolver(new StubDataSource(stub), options: new ValidatingResolverOptions { ContinueOnThreadPool = true });

        for (int i = 0; i < 10; i++)
        {
            (ValidatedLookup result, bool onLoop) = await ContinueAfter(resolver.ResolveAsync(Numbered(i), RecordType.A));

            Assert.NotNull(result);
            Assert.False(onLoop, "the caller's continuation ran on a UDP loop thread");
        }
    }

    [Fact]
    public async Task LoopEscape_OnALoopThread_CallsAUserSourceOffItAndOursInline()
    {
        UdpTransportTests.UseEngine(eventLoop: true);
        // Every answer comes late, so that each exchange is still pending when awaited and completes on the loop thread
        // (an answer that beat the await would let the awaiting code go on synchronously on its own thread).
        await using var slow = new FakeDnsServer(async r =>
        {
            await Task.Delay(50);
            return FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "192.0.2.1"));
        });
        await using StubResolver stub = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(slow.EndPoint)); o.CacheMaxEntries = 0; });
        var ours = new StubDataSource(stub);
        var user = new ThreadRecordingSource(ours);
        var transport = new UdpTransport(new TransportSettings());

        (bool startedOnLoop, bool oursContinuedOnLoop) = await OnLoopThread(transport, slow.EndPoint, async () =>
        {
            await LoopEscape.Query(user, new DnsQuestion(Numbered(1), RecordType.A), CancellationToken.None).ConfigureAwait(false);
            await LoopEscape.Query(ours, new DnsQuestion(Numbered(2), RecordType.A), CancellationToken.None).ConfigureAwait(false);
            return UdpEventLoop.LoopOfThisThread is not null;
        });

        Assert.True(startedOnLoop, "the exchange's continuation runs inline on the loop thread");
        Assert.Equal(1, user.Calls);
        Assert.Equal(0, user.CallsOnLoopThread);
        Assert.True(oursContinuedOnLoop, "our own source keeps the chain on the loop thread");
    }

    /// <summary>Runs <paramref name="body"/> in the continuation of an exchange (on a loop thread, inline).</summary>
    private static async Task<(bool StartedOnLoop, bool Result)> OnLoopThread(UdpTransport transport, IPEndPoint server, Func<Task<bool>> body)
    {
        await transport.ExchangeAsync(Query(Www), server, TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        bool onLoop = UdpEventLoop.LoopOfThisThread is not null;
        bool result = await body().ConfigureAwait(false);
        await Task.Yield(); // leave the loop thread before the test's own code resumes
        return (onLoop, result);
    }

    /// <summary>Awaits like library-agnostic user code (no context) and says whether the continuation ran on a loop thread.</summary>
    private static async Task<(T Result, bool OnLoopThread)> ContinueAfter<T>(ValueTask<T> pending)
    {
        T result = await pending.ConfigureAwait(false);
        bool onLoop = UdpEventLoop.LoopOfThisThread is not null; // a runner replaced mid-pass counts: there was no hand-off
        await Task.Yield(); // leave the loop thread before the test's own code resumes
        return (result, onLoop);
    }

    private static DnsMessage Query(DomainName name) => DnsMessage.CreateQuery(0, new DnsQuestion(name, RecordType.A));

    private static DomainName Numbered(int i) => DomainName.Parse($"q{i}.example.test.");

    /// <summary>
    /// No loop thread woke between the two counts, and the watchdog did not tick: at most one more switch, its step into
    /// the park if it had set its flag but not yet blocked when first counted (a thread that ticked would show dozens).
    /// </summary>
    private static void AssertNoWakeUp(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        Assert.Contains(before.Keys, k => k.EndsWith(" DnsSecure UDP l", StringComparison.Ordinal));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        string changes = string.Join(", ", before.Select(b => $"{b.Key} +{after[b.Key] - b.Value}"));
        foreach ((string key, long count) in before)
        {
            long delta = after[key] - count;
            Assert.True(key.EndsWith(" DnsSecure UDP w", StringComparison.Ordinal) ? delta <= 1 : delta == 0, changes);
        }
    }

    /// <summary>
    /// Waits until no exchange is pending (those other tests left end first) and the loops' watchdog has parked and
    /// stopped ticking (a few ticks after the last pass; on a loaded machine the ticks run late): from then on nothing may
    /// wake either of them.
    /// </summary>
    private static async Task UntilIdleAsync()
    {
        for (int i = 0; i < 200 && UdpEventLoops.Started.Any(l => l.PendingCount > 0); i++)
        {
            await Task.Delay(50);
        }

        // Parked, and no longer ticking: the flag is also up for a moment while the watchdog checks the loops one last
        // time before it parks, and a busy machine runs its ticks late.
        bool settled = false;
        for (int i = 0; i < 100 && !settled; i++)
        {
            long ticks = LoopWatchdog.Activity.Ticks;
            await Task.Delay(60);
            settled = LoopWatchdog.Parked && LoopWatchdog.Activity.Ticks == ticks;
        }

        Assert.True(settled, "the watchdog did not park although no loop was busy");
    }

    /// <summary>Voluntary context switches (one per return from a blocking wait) of each loop thread and of the loops' watchdog, by thread id.</summary>
    private static Dictionary<string, long> LoopWakeUps()
    {
        var counts = new Dictionary<string, long>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm")).Trim(); // "DnsSecure UDP l" (loop) or "DnsSecure UDP w" (watchdog)
                if (!name.StartsWith("DnsSecure UDP", StringComparison.Ordinal))
                {
                    continue;
                }

                string line = File.ReadAllLines(Path.Combine(task, "status")).Single(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                counts[$"{Path.GetFileName(task)} {name}"] = long.Parse(line.Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // a thread that ended while being read is not a loop thread (they live as long as the process)
            }
        }

        // What the loops and the watchdog did, beside how often their threads woke: no pass may begin, and the watchdog
        // may neither tick nor be woken by a pass.
        counts["loop passes"] = UdpEventLoops.Started.Sum(l => l.Passes);
        (counts["watchdog ticks"], counts["watchdog unparks"]) = LoopWatchdog.Activity;
        return counts;
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static async Task AssertDescriptorsBackTo(int before)
    {
        // Cancelled sockets are closed by the loop shortly after the cancellation; give it a moment.
        int now = OpenDescriptors();
        for (int i = 0; i < 100 && now > before + 5; i++)
        {
            await Task.Delay(50);
            now = OpenDescriptors();
        }

        Assert.True(now <= before + 5, $"{now - before} descriptors more than before");
    }

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A logger that throws whenever it is asked to write.</summary>
    private sealed class ThrowingLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("logger failure");
    }

    /// <summary>A user's data source (not one of ours) that records whether it is called on a loop thread.</summary>
    private sealed class ThreadRecordingSource(IDnssecDataSource inner) : IDnssecDataSource
    {
        private int _calls;
        private int _onLoop;

        public int Calls => Volatile.Read(ref _calls);

        public int CallsOnLoopThread => Volatile.Read(ref _onLoop);

        public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            if (UdpEventLoop.IsCurrent)
            {
                Interlocked.Increment(ref _onLoop);
            }

            return inner.QueryAsync(question, cancellationToken);
        }
    }

    /// <summary>A fast synchronous UDP responder on its own thread, with a large receive buffer (bursts of 1000 queries).</summary>
    private sealed class Responder : IDisposable
    {
        private readonly Socket _socket;
        private readonly Thread _thread;

        public Responder(IPAddress address)
        {
            _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            _socket.Bind(new IPEndPoint(address, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint { get; }

        public static IPAddress AddressFor(DomainName name) => new([10, (byte)name.ToString().Length, (byte)(name.GetHashCode() & 0xFF), (byte)((name.GetHashCode() >> 8) & 0xFF)]);

        public void Dispose()
        {
            _socket.Dispose();
            _thread.Join();
        }

        private void Run()
        {
            byte[] buffer = new byte[4096];
            EndPoint from = new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                int n;
                try
                {
                    n = _socket.ReceiveFrom(buffer, ref from);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                DnsMessage q = DnsMessage.Decode(buffer.AsSpan(0, n));
                DnsMessage reply = FakeDnsServer.Reply(q, new ResourceRecord(q.Question.Name, RecordClass.IN, 60, new ARdata(AddressFor(q.Question.Name))));
                _socket.SendTo(reply.Encode(), from);
            }
        }
    }
}
