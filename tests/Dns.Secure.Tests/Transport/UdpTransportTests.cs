using System.Net;
using System.Net.Sockets;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

[Collection(NetworkLoadCollection.Name)]
public sealed class UdpTransportTests
{
    private const int ResponseIgnoredEvent = 1001;
    private static readonly DomainName Www = DomainName.Parse("www.example.test.");

    /// <summary>Runs the rest of the calling test (its async flow) on the event loop or on the runtime's socket engine.</summary>
    internal static void UseEngine(bool eventLoop) =>
        UdpTransport.EngineOverride.Value = eventLoop ? DnsSecure.Transport.EventLoop.UdpEngine.EventLoop : DnsSecure.Transport.EventLoop.UdpEngine.Sockets;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_ThousandsOfForgedResponsesWhileInFlight_OnlyTheRealAnswerIsAccepted(bool eventLoop)
    {
        UseEngine(eventLoop);
        using var forgerSameAddress = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        forgerSameAddress.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int forged = 0;
        FakeDnsServer? server = null;
        server = new FakeDnsServer(async request =>
        {
            DnsMessage q = request.Query;
            IPEndPoint client = request.Source; // the client's fresh source port, as the server sees it
            using var forgerOtherAddress = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            forgerOtherAddress.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), server!.EndPoint.Port)); // right port, wrong address
            DnsMessage lie = FakeDnsServer.Reply(q, FakeDnsServer.A(q, "203.0.113.66"));
            byte[] rightId = lie.Encode();
            byte[] wrongType = (lie with { Questions = [new DnsQuestion(q.Question.Name, RecordType.AAAA)] }).Encode();
            byte[] wrongClass = (lie with { Questions = [new DnsQuestion(q.Question.Name, RecordType.A, RecordClass.CH)] }).Encode();
            byte[] garbage = rightId[..14];
            for (int i = 0; i < 1000; i++)
            {
                // Wrong ID, from the right address and port.
                server.SendUdp((lie with { Id = (ushort)(q.Id ^ (1 + i)) }).Encode(), client);

                // Right ID, from the right address but the wrong port, and from the wrong address with the right port.
                forgerSameAddress.SendTo(rightId, client);
                forgerOtherAddress.SendTo(rightId, client);

                // Right ID and source, wrong question: name, type, class.
                server.SendUdp((lie with { Questions = [new DnsQuestion(DomainName.Parse($"x{i}.example.test."), RecordType.A)] }).Encode(), client);
                server.SendUdp(wrongType, client);
                server.SendUdp(wrongClass, client);

                // Right ID and source, but not a DNS message.
                server.SendUdp(garbage, client);
                Interlocked.Add(ref forged, 7);
                if (i % 100 == 99)
                {
                    await Task.Delay(10); // let the client drain its socket: the test is about matching, not buffer overflow
                }
            }

            await Task.Delay(200);
            return FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1"));
        });
        await using (server)
        {
            var logger = new ListLogger<StubResolver>();
            await using var resolver = new StubResolver(
                new StubResolverOptions { Servers = { new NameServer(server.EndPoint) }, Timeout = TimeSpan.FromSeconds(30), MaxTimeout = TimeSpan.FromSeconds(30), Attempts = 1 },
                logger);

            LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

            Assert.Equal(LookupStatus.Success, result.Status);
            ResourceRecord answer = Assert.Single(result.Response!.Answers);
            Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARdata)answer.Data).Address);
            Assert.Equal(1, result.Attempts);
            Assert.Equal(7000, forged);
            Assert.True(logger.Count(ResponseIgnoredEvent) > 0, "forgeries from the right source reached the client and were dropped");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_EachQuery_UsesFreshSourcePortAndRandomId(bool eventLoop)
    {
        UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q));
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.CacheMaxEntries = 0; });

        for (int i = 0; i < 20; i++)
        {
            await resolver.LookupAsync(Www, RecordType.A);
        }

        FakeRequest[] requests = [.. server.Requests];
        Assert.Equal(20, requests.Length);

        // Random ports and IDs may collide by chance; 20 draws from ~28000 ports and 65536 IDs rarely repeat more than once.
        Assert.True(requests.Select(r => r.Source.Port).Distinct().Count() >= 18);
        Assert.True(requests.Select(r => r.Query.Id).Distinct().Count() >= 18);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_AnswerFromOtherSourceOnly_TimesOut(bool eventLoop)
    {
        UseEngine(eventLoop);
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = new FakeDnsServer(async r =>
        {
            await other.SendToAsync(FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "203.0.113.66")).Encode(), SocketFlags.None, r.Source);
            return null;
        });
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.Timeout = TimeSpan.FromMilliseconds(300); });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Timeout, result.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_AnswerWithoutQrBit_IsIgnored(bool eventLoop)
    {
        UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")) with { IsResponse = false });
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => { o.Servers.Add(new NameServer(server.EndPoint)); o.Timeout = TimeSpan.FromMilliseconds(300); });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Timeout, result.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_QuestionNameInOtherCase_IsAccepted(bool eventLoop)
    {
        UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")) with
        {
            Questions = [new DnsQuestion(DomainName.Parse("WWW.EXAMPLE.test."), RecordType.A)],
        });
        await using StubResolver resolver = Resolution.StubResolverTests.Build(o => o.Servers.Add(new NameServer(server.EndPoint)));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_Direct_SendsTheQueryWithAFreshIdAndReturnsTheMatchingAnswer(bool eventLoop)
    {
        UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(q => FakeDnsServer.Reply(q, FakeDnsServer.A(q, "192.0.2.1")));
        var transport = new UdpTransport(new TransportSettings());
        DnsMessage query = DnsMessage.CreateQuery(4242, new DnsQuestion(Www, RecordType.A), dnssecOk: true);

        ExchangeResult first = await transport.ExchangeAsync(query, server.EndPoint, TimeSpan.FromSeconds(5), CancellationToken.None);
        ExchangeResult second = await transport.ExchangeAsync(query, server.EndPoint, TimeSpan.FromSeconds(5), CancellationToken.None);

        FakeRequest[] requests = [.. server.Requests];
        Assert.Equal(2, requests.Length);
        Assert.Equal(ExchangeOutcome.Response, first.Outcome);
        Assert.Equal(requests[0].Query.Id, first.Response!.Id);
        Assert.Equal(requests[1].Query.Id, second.Response!.Id);
        Assert.Equal(query.Question, requests[0].Query.Question);
        Assert.True(requests[0].Query.RecursionDesired);
        Assert.True(requests[0].Query.Edns!.DnssecOk);
        Assert.Equal(4242, query.Id); // the caller's message is not changed
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_ForgedAnswersOnly_TimesOutAtTheDeadline(bool eventLoop)
    {
        UseEngine(eventLoop);
        // Every datagram comes from the server's own address and port, but carries another ID or another question.
        await using var server = new FakeDnsServer(r =>
        {
            DnsMessage q = r.Query;
            return Task.FromResult<FakeResponse?>(FakeDnsServer.Reply(q, FakeDnsServer.A(q, "203.0.113.66")) with { Id = (ushort)(q.Id ^ 0x5A5A) });
        });
        var logger = new ListLogger<StubResolver>();
        var transport = new UdpTransport(new TransportSettings { Logger = logger });

        ExchangeResult result = await transport.ExchangeAsync(DnsMessage.CreateQuery(1, new DnsQuestion(Www, RecordType.A)), server.EndPoint, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(ExchangeOutcome.Timeout, result.Outcome);
        Assert.Null(result.Response);
        Assert.Equal(1, logger.Count(ResponseIgnoredEvent));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_CallerCancels_ThrowsInsteadOfReportingATimeout(bool eventLoop)
    {
        UseEngine(eventLoop);
        await using var server = FakeDnsServer.Answering(_ => null);
        var transport = new UdpTransport(new TransportSettings());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await transport.ExchangeAsync(DnsMessage.CreateQuery(1, new DnsQuestion(Www, RecordType.A)), server.EndPoint, TimeSpan.FromSeconds(30), cancel.Token));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_NobodyListening_IsANetworkError(bool eventLoop)
    {
        UseEngine(eventLoop);
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)closed.LocalEndPoint!;
        closed.Close(); // the port is now closed: the kernel answers ICMP port unreachable on loopback
        var transport = new UdpTransport(new TransportSettings());

        ExchangeResult result = await transport.ExchangeAsync(DnsMessage.CreateQuery(1, new DnsQuestion(Www, RecordType.A)), endPoint, TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.Equal(ExchangeOutcome.NetworkError, result.Outcome);
        Assert.Null(result.Response);
    }
}
