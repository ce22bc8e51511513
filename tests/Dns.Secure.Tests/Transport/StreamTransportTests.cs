using System.Collections.Concurrent;
using System.Net;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

[Collection(NetworkLoadCollection.Name)]
public sealed class StreamTransportTests
{
    private static readonly DomainName First = DomainName.Parse("first.example.test.");
    private static readonly DomainName Second = DomainName.Parse("second.example.test.");

    [Fact]
    public async Task Exchange_ServerAnswersSecondQueryFirst_BothMatchedOnOneConnection()
    {
        var secondAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerOrder = new ConcurrentQueue<DomainName>();
        await using var server = new FakeDnsServer(async r =>
        {
            DnsMessage q = r.Query;
            if (q.Question.Name.Equals(First))
            {
                await secondAnswered.Task; // hold the first query until the second one has been answered
                answerOrder.Enqueue(First);
                return FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1"));
            }

            answerOrder.Enqueue(Second);
            _ = Task.Delay(100).ContinueWith(_ => secondAnswered.SetResult(), TaskScheduler.Default);
            return FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.2"));
        });
        await using StubResolver resolver = Tcp(server);

        Task<LookupResult> first = resolver.LookupAsync(First, RecordType.A).AsTask();
        Task<LookupResult> second = resolver.LookupAsync(Second, RecordType.A).AsTask();
        LookupResult[] results = await Task.WhenAll(first, second);

        Assert.Equal([Second, First], answerOrder);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARdata)results[0].Response!.Answers[0].Data).Address);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), ((ARdata)results[1].Response!.Answers[0].Data).Address);
        Assert.Equal(1, server.AcceptedConnections);
        Assert.All(server.Requests, r => Assert.Equal(1, r.ConnectionNumber));
        Assert.All(results, r => Assert.Equal(DnsTransportProtocol.Tcp, r.Transport));
    }

    [Fact]
    public async Task Exchange_SequentialQueries_ReuseOneConnection()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Tcp(server);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(LookupStatus.Success, (await resolver.LookupAsync(DomainName.Parse($"n{i}.example.test."), RecordType.A)).Status);
        }

        Assert.Equal(1, server.AcceptedConnections);
        Assert.Equal(10, server.StreamQueries);
        Assert.Equal(1, resolver.StreamConnectionsOpened);
    }

    [Fact]
    public async Task Exchange_ServerClosesConnectionUnderQuery_RetriesOnceOnNewConnection()
    {
        int seen = 0;
        await using var server = new FakeDnsServer(r => Task.FromResult<FakeResponse?>(
            Interlocked.Increment(ref seen) == 1 ? new FakeResponse(null, CloseConnection: true) : FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "192.0.2.1"))));
        await using StubResolver resolver = Tcp(server);

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(2, server.AcceptedConnections);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task Exchange_ServerAlwaysCloses_GivesUpAfterOneRetry()
    {
        await using var server = new FakeDnsServer(_ => Task.FromResult<FakeResponse?>(new FakeResponse(null, CloseConnection: true)));
        await using StubResolver resolver = Tcp(server);

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(LookupStatus.AllServersFailed, result.Status);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task Exchange_IdleConnection_IsClosedAndReopenedWhenNeeded()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        await using StubResolver resolver = Tcp(server, o => o.TcpIdleTimeout = TimeSpan.FromMilliseconds(200));

        await resolver.LookupAsync(First, RecordType.A);
        for (int i = 0; i < 100 && server.ClosedConnections == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, server.ClosedConnections);
        Assert.Equal(LookupStatus.Success, (await resolver.LookupAsync(Second, RecordType.A)).Status);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task Exchange_ResponseWithWrongId_IsNotAccepted()
    {
        await using var server = new FakeDnsServer(r => Task.FromResult<FakeResponse?>(
            new FakeResponse(null, Raw: (FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "203.0.113.66")) with { Id = (ushort)(r.Query.Id + 1) }).Encode())));
        await using StubResolver resolver = Tcp(server, o => o.Timeout = TimeSpan.FromMilliseconds(300));

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(LookupStatus.Timeout, result.Status);
    }

    [Fact]
    public async Task Exchange_ResponseWithWrongQuestion_IsNotAccepted()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q) with { Questions = [new DnsQuestion(Second, RecordType.A)] });
        await using StubResolver resolver = Tcp(server, o => o.Timeout = TimeSpan.FromMilliseconds(300));

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(LookupStatus.Timeout, result.Status);
    }

    [Fact]
    public async Task Exchange_NoListener_IsNetworkFailure()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using StubResolver resolver = StubResolverTestsAccess.Build(o => o.Servers.Add(NameServer.Tcp(IPAddress.Loopback, port)));

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(LookupStatus.AllServersFailed, result.Status);
    }

    [Fact]
    public async Task Exchange_LargeAnswer_IsReceivedWhole()
    {
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, [.. Enumerable.Range(0, 2000).Select(i => FakeDnsServer.A(q, $"10.{i / 250}.{i % 250}.1"))]));
        await using StubResolver resolver = Tcp(server);

        LookupResult result = await resolver.LookupAsync(First, RecordType.A);

        Assert.Equal(2000, result.AnswerRrsets[0].Records.Length);
    }

    private static StubResolver Tcp(FakeDnsServer server, Action<StubResolverOptions>? more = null) =>
        StubResolverTestsAccess.Build(o =>
        {
            o.Servers.Add(NameServer.Tcp(server.EndPoint.Address, server.EndPoint.Port));
            o.CacheMaxEntries = 0;
            more?.Invoke(o);
        });
}

internal static class StubResolverTestsAccess
{
    public static StubResolver Build(Action<StubResolverOptions> configure) => Resolution.StubResolverTests.Build(configure);
}
