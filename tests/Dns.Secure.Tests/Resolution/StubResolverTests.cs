using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.Caching;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Resolution;

[Collection(NetworkLoadCollection.Name)]
public sealed class StubResolverTests
{
    private static readonly DomainName Www = DomainName.Parse("www.example.test.");

    [Fact]
    public async Task Lookup_SimpleAnswer_ReturnsRrsetsAndMetadata()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1"), FakeDnsServer.A(q, "192.0.2.2")));
        await using StubResolver resolver = Build(o => o.Servers.Add(NameServer.Udp(server.EndPoint.Address, server.EndPoint.Port)));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        RRSet set = Assert.Single(result.AnswerRrsets);
        Assert.Equal(2, set.Records.Length);
        Assert.Equal(RecordType.A, set.Type);
        Assert.Same(set, result.FindAnswer(Www, RecordType.A));
        Assert.Equal(server.EndPoint, result.Server!.EndPoint);
        Assert.Equal(DnsTransportProtocol.Udp, result.Transport);
        Assert.Equal(1, result.Attempts);
        Assert.False(result.FromCache);
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task Lookup_QueryCarriesEdnsWithConfiguredPayloadSizeAndFlags()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(server)); o.UdpPayloadSize = 1400; });

        await resolver.LookupAsync(new DnsQuestion(Www, RecordType.A), new LookupOptions { DnssecOk = true, CheckingDisabled = true });

        DnsMessage query = Assert.Single(server.Requests).Query;
        Assert.Equal(1400, query.Edns!.UdpPayloadSize);
        Assert.True(query.Edns.DnssecOk);
        Assert.True(query.CheckingDisabled);
        Assert.True(query.RecursionDesired);
    }

    [Fact]
    public async Task Lookup_TruncatedUdpAnswer_IsRetriedOverTcp()
    {
        // 60 A records do not fit in 512 octets: the fake server sets TC over UDP, as a real one does.
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, [.. Enumerable.Range(1, 60).Select(i => FakeDnsServer.A(q, $"192.0.2.{i}"))]));
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(server)); o.UdpPayloadSize = 512; });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(DnsTransportProtocol.Tcp, result.Transport);
        Assert.False(result.Response!.Truncated);
        Assert.Equal(60, result.AnswerRrsets[0].Records.Length);
        Assert.Equal(1, server.UdpQueries);
        Assert.Equal(1, server.StreamQueries);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Lookup_ServerRejectsEdns_FallsBackAndRemembersIt()
    {
        await using var server = FakeDnsServer.Answering(q => q.Edns is not null
            ? FakeDnsServer.Error(q, ResponseCode.FormErr, echoEdns: false)
            : FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult first = await resolver.LookupAsync(Www, RecordType.A);
        LookupResult second = await resolver.LookupAsync(DomainName.Parse("other.example.test."), RecordType.A);

        Assert.Equal(LookupStatus.Success, first.Status);
        Assert.Equal(2, first.Attempts);
        Assert.Equal(LookupStatus.Success, second.Status);
        Assert.Equal(1, second.Attempts);
        Assert.Null(server.Requests.Last().Query.Edns);
        Assert.Equal(3, server.TotalQueries);
    }

    [Fact]
    public async Task Lookup_ServerAnswersNotImpWithoutOpt_FallsBack()
    {
        await using var server = FakeDnsServer.Answering(q => q.Edns is not null
            ? FakeDnsServer.Error(q, ResponseCode.NotImp, echoEdns: false) with { Questions = [] }
            : FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Null(result.Response!.Edns);
    }

    [Fact]
    public async Task Lookup_DnssecNeededButServerHasNoEdns_ReportsEdnsNotSupported()
    {
        await using var server = FakeDnsServer.Answering(q => q.Edns is not null
            ? FakeDnsServer.Error(q, ResponseCode.FormErr, echoEdns: false)
            : FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult result = await resolver.LookupAsync(new DnsQuestion(Www, RecordType.A), LookupOptions.Dnssec);

        Assert.Equal(LookupStatus.EdnsNotSupported, result.Status);
        Assert.Null(result.Response);
        Assert.All(server.Requests, r => Assert.NotNull(r.Query.Edns)); // no silent downgrade to a plain query
    }

    [Fact]
    public async Task Lookup_DnssecNeededAfterFallbackWasRemembered_ReportsWithoutQuerying()
    {
        await using var server = FakeDnsServer.Answering(q => q.Edns is not null
            ? FakeDnsServer.Error(q, ResponseCode.FormErr, echoEdns: false)
            : FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));
        await resolver.LookupAsync(Www, RecordType.A);
        int before = server.TotalQueries;

        LookupResult result = await resolver.LookupAsync(new DnsQuestion(Www, RecordType.AAAA), LookupOptions.Dnssec);

        Assert.Equal(LookupStatus.EdnsNotSupported, result.Status);
        Assert.Equal(before, server.TotalQueries);
    }

    [Fact]
    public async Task Lookup_EdnsFallbackMemoryExpires_EdnsIsTriedAgain()
    {
        await using var server = FakeDnsServer.Answering(q => q.Edns is not null
            ? FakeDnsServer.Error(q, ResponseCode.FormErr, echoEdns: false)
            : FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        var clock = new ManualTimeProvider();
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(server)); o.CacheMaxEntries = 0; o.EdnsFallbackDuration = TimeSpan.FromMinutes(5); }, clock);
        await resolver.LookupAsync(Www, RecordType.A);

        clock.Advance(TimeSpan.FromMinutes(4));
        LookupResult remembered = await resolver.LookupAsync(Www, RecordType.A);
        clock.Advance(TimeSpan.FromMinutes(1));
        LookupResult retried = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(1, remembered.Attempts);
        Assert.Equal(2, retried.Attempts);
        Assert.NotNull(server.Requests.Reverse().Skip(1).First().Query.Edns);
    }

    [Fact]
    public async Task Lookup_ResponseWithoutOptToEdnsQuery_IsAccepted()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")) with { Edns = null });
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task Lookup_FirstServerHasNoListener_FailsOverToSecond()
    {
        IPEndPoint dead = UnusedUdpEndPoint();
        await using var good = AnsweringA();
        await using StubResolver resolver = Build(o =>
        {
            o.Servers.Add(new NameServer(dead));
            o.Servers.Add(Udp(good));
        });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(good.EndPoint, result.Server!.EndPoint);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Lookup_FirstServerSilent_FailsOverToSecond()
    {
        await using var silent = Silent();
        await using var good = AnsweringA();
        await using StubResolver resolver = BuildTwo(silent, good, o => o.Timeout = TimeSpan.FromMilliseconds(300));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(good.EndPoint, result.Server!.EndPoint);
        Assert.Equal(1, silent.UdpQueries);
    }

    [Fact]
    public async Task Lookup_AfterSilentServerTimedOut_PrefersTheFastServer()
    {
        await using var silent = Silent();
        await using var good = AnsweringA();
        await using StubResolver resolver = BuildTwo(silent, good, o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.CacheMaxEntries = 0; });
        await using (StubResolver warmUp = Build(o => o.Servers.Add(Udp(good))))
        {
            await warmUp.LookupAsync(Www, RecordType.A); // code paths compiled, so the first measured RTT is a real one
        }

        await resolver.LookupAsync(Www, RecordType.A);

        LookupResult second = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(good.EndPoint, second.Server!.EndPoint);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(1, silent.UdpQueries);
    }

    [Fact]
    public async Task Lookup_FirstServerServfails_FailsOverToSecond()
    {
        await using var failing = FakeDnsServer.Answering(q => FakeDnsServer.Error(q, ResponseCode.ServFail));
        await using var good = AnsweringA();
        await using StubResolver resolver = BuildTwo(failing, good);

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(good.EndPoint, result.Server!.EndPoint);
        Assert.Equal(1, failing.UdpQueries);
    }

    [Fact]
    public async Task Lookup_AllServersServfail_ReportsServerFailureWithResponse()
    {
        await using var failing = FakeDnsServer.Answering(q => FakeDnsServer.Error(q, ResponseCode.ServFail));
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(failing)); o.Attempts = 2; });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.ServerFailure, result.Status);
        Assert.Equal(ResponseCode.ServFail, result.ResponseCode);
        Assert.Equal(2, failing.UdpQueries);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Lookup_NxDomain_IsSuccessWithTheCode()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Error(q, ResponseCode.NXDomain) with { Authorities = [ResponseCacheTests.Soa(3600, 300)] });
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
        Assert.Empty(result.AnswerRrsets);
    }

    [Fact]
    public async Task Lookup_SilentServer_TimesOutAfterEveryAttempt()
    {
        await using var silent = Silent();
        await using StubResolver resolver = Build(o =>
        {
            o.Servers.Add(Udp(silent));
            o.Timeout = TimeSpan.FromMilliseconds(100);
            o.Attempts = 3;
        });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Timeout, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, silent.UdpQueries);
        Assert.Null(result.Response);
    }

    [Fact]
    public async Task Lookup_NoListenerAnywhere_ReportsAllServersFailed()
    {
        await using StubResolver resolver = Build(o => o.Servers.Add(new NameServer(UnusedUdpEndPoint())));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.AllServersFailed, result.Status);
    }

    [Fact]
    public async Task Lookup_Cancelled_Throws()
    {
        await using var silent = Silent();
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(silent)); o.Timeout = TimeSpan.FromSeconds(5); });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.LookupAsync(Www, RecordType.A, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task DisposeAsync_LookupInFlightWithoutToken_EndsItCancelled()
    {
        await using var silent = Silent();
        StubResolver resolver = Build(o => { o.Servers.Add(Udp(silent)); o.Timeout = TimeSpan.FromSeconds(30); o.MaxTimeout = TimeSpan.FromSeconds(30); });
        ValueTask<LookupResult> lookup = resolver.LookupAsync(Www, RecordType.A);
        for (int i = 0; i < 1000 && silent.UdpQueries == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, silent.UdpQueries);

        await resolver.DisposeAsync();

        // The query waits 30 s for a silent server: only the resolver's disposal can end it this soon.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await lookup.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Lookup_CancelledOverTcp_Throws()
    {
        await using var silent = Silent();
        await using StubResolver resolver = Build(o => { o.Servers.Add(NameServer.Tcp(silent.EndPoint.Address, silent.EndPoint.Port)); o.Timeout = TimeSpan.FromSeconds(5); });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await resolver.LookupAsync(Www, RecordType.A, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Lookup_SecondTime_ComesFromCacheWithoutUpstreamQuery()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1", ttl: 60)));
        var clock = new ManualTimeProvider();
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)), clock);

        await resolver.LookupAsync(Www, RecordType.A);
        clock.Advance(TimeSpan.FromSeconds(20));
        LookupResult cached = await resolver.LookupAsync(Www, RecordType.A);
        clock.Advance(TimeSpan.FromSeconds(40));
        LookupResult expired = await resolver.LookupAsync(Www, RecordType.A);

        Assert.True(cached.FromCache);
        Assert.Equal(40u, cached.AnswerRrsets[0].Ttl);
        Assert.False(expired.FromCache);
        Assert.Equal(2, server.UdpQueries);
    }

    [Fact]
    public async Task Lookup_NegativeAnswer_IsCachedForSoaMinimum()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Error(q, ResponseCode.NXDomain) with { Authorities = [ResponseCacheTests.Soa(3600, 30)] });
        var clock = new ManualTimeProvider();
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)), clock);

        await resolver.LookupAsync(Www, RecordType.A);
        clock.Advance(TimeSpan.FromSeconds(29));
        LookupResult cached = await resolver.LookupAsync(Www, RecordType.A);
        clock.Advance(TimeSpan.FromSeconds(1));
        LookupResult expired = await resolver.LookupAsync(Www, RecordType.A);

        Assert.True(cached.FromCache);
        Assert.Equal(ResponseCode.NXDomain, cached.ResponseCode);
        Assert.False(expired.FromCache);
        Assert.Equal(2, server.UdpQueries);
    }

    [Fact]
    public async Task Lookup_BypassCache_QueriesUpstream()
    {
        await using var server = AnsweringA();
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        await resolver.LookupAsync(Www, RecordType.A);
        LookupResult again = await resolver.LookupAsync(new DnsQuestion(Www, RecordType.A), new LookupOptions { BypassCache = true });

        Assert.False(again.FromCache);
        Assert.Equal(2, server.UdpQueries);
    }

    [Fact]
    public async Task Lookup_ConcurrentIdenticalQuestions_SendOneUpstreamQuery()
    {
        await using var server = new FakeDnsServer(async r =>
        {
            await Task.Delay(200);
            return FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "192.0.2.1"));
        });
        await using StubResolver resolver = Build(o => o.Servers.Add(Udp(server)));

        LookupResult[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => resolver.LookupAsync(Www, RecordType.A).AsTask()));

        Assert.Equal(1, server.TotalQueries);
        Assert.Equal(1, resolver.UpstreamQueryCount);
        Assert.All(results, r => Assert.Equal(LookupStatus.Success, r.Status));
    }

    [Fact]
    public async Task Lookup_ThousandConcurrentDistinctQuestions_AllComplete()
    {
        var seen = new ConcurrentDictionary<DomainName, int>();
        await using var server = FakeDnsServer.Answering(q =>
        {
            seen.AddOrUpdate(q.Question.Name, 1, (_, n) => n + 1);
            return FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1"));
        });
        // Loopback UDP may drop datagrams under a burst; the resolver's retries are part of what is tested.
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(server)); o.Timeout = TimeSpan.FromSeconds(2); o.Attempts = 3; });

        LookupResult[] results = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(i => resolver.LookupAsync(DomainName.Parse($"n{i}.example.test."), RecordType.A).AsTask()));

        Assert.All(results, r => Assert.Equal(LookupStatus.Success, r.Status));
        Assert.All(results, r => Assert.Equal(r.Question.Name, r.AnswerRrsets[0].Name));
        Assert.Equal(1000, seen.Count);
    }

    [Fact]
    public async Task Lookup_ThousandConcurrentOverOneTcpConnection_AllComplete()
    {
        await using var server = AnsweringA();
        await using StubResolver resolver = Build(o => { o.Servers.Add(NameServer.Tcp(server.EndPoint.Address, server.EndPoint.Port)); o.Timeout = TimeSpan.FromSeconds(10); o.MaxTimeout = TimeSpan.FromSeconds(10); });

        LookupResult[] results = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(i => resolver.LookupAsync(DomainName.Parse($"n{i}.example.test."), RecordType.A).AsTask()));

        Assert.All(results, r => Assert.Equal(LookupStatus.Success, r.Status));
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Lookup_RotateOption_SpreadsQueriesOverServers()
    {
        await using var a = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        await using var b = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(a)); o.Servers.Add(Udp(b)); o.Rotate = true; o.CacheMaxEntries = 0; });

        for (int i = 0; i < 4; i++)
        {
            await resolver.LookupAsync(Www, RecordType.A);
        }

        Assert.Equal(2, a.UdpQueries);
        Assert.Equal(2, b.UdpQueries);
    }

    [Fact]
    public async Task Lookup_TrustAd_SetsAdInQuery()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        await using StubResolver resolver = Build(o => { o.Servers.Add(Udp(server)); o.TrustAd = true; });

        await resolver.LookupAsync(Www, RecordType.A);

        Assert.True(Assert.Single(server.Requests).Query.AuthenticData);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StubResolver(Options(o => { o.Servers.Add(NameServer.Udp(IPAddress.Loopback)); o.Timeout = TimeSpan.Zero; })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StubResolver(Options(o => { o.Servers.Add(NameServer.Udp(IPAddress.Loopback)); o.UdpPayloadSize = 100; })));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StubResolver(Options(o => { o.Servers.Add(NameServer.Udp(IPAddress.Loopback)); o.Attempts = 0; })));
        Assert.Throws<ArgumentException>(() => new StubResolver(Options(o => o.SystemConfiguration = ResolverConfiguration.Parse(string.Empty))));
    }

    [Fact]
    public async Task Constructor_SystemConfiguration_SuppliesServersAndTimeouts()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        ResolverConfiguration config = ResolverConfiguration.Parse("nameserver 127.0.0.1\noptions timeout:1 attempts:3 rotate\n");
        config = config with { NameServers = [server.EndPoint] };
        await using StubResolver resolver = Build(o => o.SystemConfiguration = config);

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(server.EndPoint, Assert.Single(resolver.Servers).EndPoint);
        Assert.Equal(LookupStatus.Success, result.Status);
    }

    [Fact]
    public async Task Options_ChangedAfterBuild_DoNotAffectResolver()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        StubResolverOptions options = Options(o => o.Servers.Add(Udp(server)));
        await using var resolver = new StubResolver(options);

        options.Servers.Clear();
        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
    }

    /// <summary>A server answering every question with one A record, 192.0.2.1.</summary>
    private static FakeDnsServer AnsweringA() => FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));

    /// <summary>A server that receives every query and never answers.</summary>
    private static FakeDnsServer Silent() => new(_ => Task.FromResult<FakeResponse?>(null));

    /// <summary>A resolver asking <paramref name="first"/>, then <paramref name="second"/>, over UDP.</summary>
    private static StubResolver BuildTwo(FakeDnsServer first, FakeDnsServer second, Action<StubResolverOptions>? configure = null) => Build(o =>
    {
        o.Servers.Add(Udp(first));
        o.Servers.Add(Udp(second));
        configure?.Invoke(o);
    });

    internal static NameServer Udp(FakeDnsServer server) => new(server.EndPoint);

    internal static StubResolver Build(Action<StubResolverOptions> configure, TimeProvider? clock = null) => new(Options(configure), timeProvider: clock);

    private static StubResolverOptions Options(Action<StubResolverOptions> configure)
    {
        var options = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 1 };
        configure(options);
        return options;
    }

    private static IPEndPoint UnusedUdpEndPoint()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
