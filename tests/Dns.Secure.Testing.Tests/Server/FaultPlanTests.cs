using System.Net;
using DnsSecure.Records;
using DnsSecure.Testing.Server;
using static DnsSecure.Testing.Tests.DnsTestClient;

namespace DnsSecure.Testing.Tests.Server;

public sealed class FaultPlanTests
{
    private static readonly DomainName s_www = DomainName.Parse("www.example.");
    private static readonly DomainName s_example = DomainName.Parse("example.");

    [Fact]
    public async Task DropSignatures_RemovesEveryRrsig()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.DropSignatures);

        DnsMessage answer = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, dnssecOk: true));
        DnsMessage denial = await UdpAsync(server.EndPoint, Query("nope.example.", RecordType.A, dnssecOk: true));

        Assert.Single(answer.Answers);
        Assert.DoesNotContain(answer.AllRecords, r => r.Type == RecordType.RRSIG);
        Assert.Contains(denial.Authorities, r => r.Type == RecordType.NSEC);
        Assert.DoesNotContain(denial.AllRecords, r => r.Type == RecordType.RRSIG);
    }

    [Fact]
    public async Task CorruptSignatures_ChangesTheSignatureOctetsOnly()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("www.example.", RecordType.A, dnssecOk: true);
        var good = (RrsigRdata)Assert.Single((await UdpAsync(server.EndPoint, query)).Answers, r => r.Type == RecordType.RRSIG).Data;

        server.Faults.AddForName(s_www, Fault.CorruptSignatures);
        var bad = (RrsigRdata)Assert.Single((await UdpAsync(server.EndPoint, query)).Answers, r => r.Type == RecordType.RRSIG).Data;

        Assert.Equal(good.KeyTag, bad.KeyTag);
        Assert.Equal(good.SignatureExpiration, bad.SignatureExpiration);
        Assert.False(good.Signature.Span.SequenceEqual(bad.Signature.Span));
    }

    [Fact]
    public async Task WrongDs_ChangesTheDigestInAnswersAndReferrals()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example);
        var real = (DsRdata)Assert.Single((await UdpAsync(server.EndPoint, Query("sub.example.", RecordType.DS))).Answers).Data;

        server.Faults.AddForZone(s_example, Fault.WrongDs);
        var answered = (DsRdata)Assert.Single((await UdpAsync(server.EndPoint, Query("sub.example.", RecordType.DS))).Answers).Data;
        DnsMessage referral = await UdpAsync(server.EndPoint, Query("www.sub.example.", RecordType.A, dnssecOk: true));
        var referred = (DsRdata)Assert.Single(referral.Authorities, r => r.Type == RecordType.DS).Data;

        Assert.Equal(real.KeyTag, answered.KeyTag);
        Assert.False(real.Digest.Span.SequenceEqual(answered.Digest.Span));
        Assert.True(answered.Digest.Span.SequenceEqual(referred.Digest.Span));
    }

    [Fact]
    public async Task TamperData_ChangesTheAddressButKeepsTheSignature()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(s_www, Fault.TamperData(IPAddress.Parse("203.0.113.66")));

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, dnssecOk: true));

        Assert.Equal(IPAddress.Parse("203.0.113.66"), ((ARdata)Assert.Single(response.Answers, r => r.Type == RecordType.A).Data).Address);
        Assert.Single(response.Answers, r => r.Type == RecordType.RRSIG);
    }

    [Fact]
    public async Task TamperData_WithoutAddress_UsesTheNextAddress()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.TamperData());

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));

        Assert.Equal(IPAddress.Parse("192.0.2.2"), ((ARdata)Assert.Single(response.Answers).Data).Address);
    }

    [Fact]
    public async Task StripDnssec_RemovesAllDnssecRecords()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.StripDnssec);

        DnsMessage keys = await UdpAsync(server.EndPoint, Query("example.", RecordType.DNSKEY, dnssecOk: true));
        DnsMessage denial = await UdpAsync(server.EndPoint, Query("nope.example.net.", RecordType.A, dnssecOk: true));
        DnsMessage referral = await UdpAsync(server.EndPoint, Query("www.sub.example.", RecordType.A, dnssecOk: true));
        DnsMessage answer = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, dnssecOk: true));

        RecordType[] dnssecTypes = [RecordType.RRSIG, RecordType.NSEC, RecordType.NSEC3, RecordType.DNSKEY, RecordType.DS];
        foreach (DnsMessage m in new[] { keys, denial, referral, answer })
        {
            Assert.DoesNotContain(m.AllRecords, r => dnssecTypes.Contains(r.Type));
        }

        Assert.Empty(keys.Answers);
        Assert.Single(answer.Answers);
        Assert.Equal(ResponseCode.NXDomain, denial.ResponseCode);
    }

    [Fact]
    public async Task NoEdns_AnswersWithoutOpt()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.NoEdns);

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, dnssecOk: true));

        Assert.Null(response.Edns);
        Assert.Contains(response.Answers, r => r.Type == RecordType.A);
    }

    [Fact]
    public async Task FormErrOnEdns_RejectsEdnsQueriesButAnswersPlainOnes()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.FormErrOnEdns);

        DnsMessage withEdns = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));
        DnsMessage plain = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, edns: false));

        Assert.Equal(ResponseCode.FormErr, withEdns.ResponseCode);
        Assert.Null(withEdns.Edns);
        Assert.Equal(ResponseCode.NoError, plain.ResponseCode);
        Assert.Single(plain.Answers);
    }

    [Fact]
    public async Task ServerFailure_AnswersServFailForTheZoneOnly()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForZone(DomainName.Parse("example.net."), Fault.ServerFailure);

        DnsMessage failed = await UdpAsync(server.EndPoint, Query("www.example.net.", RecordType.A));
        DnsMessage fine = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));

        Assert.Equal(ResponseCode.ServFail, failed.ResponseCode);
        Assert.Empty(failed.Answers);
        Assert.Equal(ResponseCode.NoError, fine.ResponseCode);
    }

    [Fact]
    public async Task Refuse_AnswersRefusedForTheType()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(s_www, Fault.Refuse, RecordType.AAAA);

        DnsMessage refused = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.AAAA));
        DnsMessage fine = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));

        Assert.Equal(ResponseCode.Refused, refused.ResponseCode);
        Assert.Equal(ResponseCode.NoError, fine.ResponseCode);
    }

    [Fact]
    public async Task Delay_HoldsTheAnswerUntilTheClockMoves()
    {
        var clock = new ManualTimeProvider();
        await using AuthoritativeServer server = await AuthoritativeServer.StartAsync([TestZones.Example], new AuthoritativeServerOptions { TimeProvider = clock });
        server.Faults.Add(Fault.Delayed(TimeSpan.FromMinutes(5)));
        DnsMessage query = Query("www.example.", RecordType.A);

        Task<byte[]?> pending = UdpRawAsync(server.EndPoint, query.Encode(), ReplyTimeout);
        SpinWait.SpinUntil(() => clock.PendingTimers > 0, ReplyTimeout);
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(5));
        byte[]? reply = await pending;

        Assert.NotNull(reply);
        Assert.Equal(query.Id, DnsMessage.Decode(reply).Id);
    }

    [Fact]
    public async Task NoAnswer_IsSilentButCounted()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(s_www, Fault.NoAnswer, includeSubdomains: true);

        byte[]? reply = await UdpRawAsync(server.EndPoint, Query("www.example.", RecordType.A).Encode(), TimeSpan.FromMilliseconds(300));

        Assert.Null(reply);
        Assert.Equal(1, server.Queries.Count(s_www, RecordType.A, ServerTransport.Udp));
    }

    [Fact]
    public async Task AlwaysTruncate_SetsTcOverUdpAndTcpStillAnswers()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.AlwaysTruncate);
        DnsMessage query = Query("www.example.", RecordType.A);

        DnsMessage udp = await UdpAsync(server.EndPoint, query);
        DnsMessage tcp = await TcpAsync(server.EndPoint, query);

        Assert.True(udp.Truncated);
        Assert.Empty(udp.Answers);
        Assert.False(tcp.Truncated);
        Assert.Single(tcp.Answers);
    }

    [Fact]
    public async Task WrongId_AnswersWithAnotherId()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.WrongId);
        DnsMessage query = Query("www.example.", RecordType.A);

        DnsMessage response = await UdpAsync(server.EndPoint, query);

        Assert.NotEqual(query.Id, response.Id);
    }

    [Fact]
    public async Task WrongQuestion_AnswersAnotherQuestion()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(Fault.WrongQuestion);
        DnsMessage query = Query("www.example.", RecordType.A);

        DnsMessage response = await UdpAsync(server.EndPoint, query);

        Assert.Equal(query.Id, response.Id);
        Assert.NotEqual(query.Question, response.Question);
    }

    [Fact]
    public async Task OversizedKeySet_AddsKeysWithCollidingTagsAndManySignatures()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("example.", RecordType.DNSKEY, dnssecOk: true);
        DnsMessage before = await TcpAsync(server.EndPoint, query);
        ushort kskTag = before.Answers.Select(r => r.Data).OfType<DnskeyRdata>().Single(k => k.IsSecureEntryPoint).KeyTag;

        server.Faults.AddForZone(s_example, Fault.OversizedKeySet(keyCount: 20, signatureCount: 30));
        DnsMessage after = await TcpAsync(server.EndPoint, query);

        var keys = after.Answers.Select(r => r.Data).OfType<DnskeyRdata>().ToList();
        var sigs = after.Answers.Select(r => r.Data).OfType<RrsigRdata>().ToList();
        Assert.Equal(before.Answers.Count(r => r.Type == RecordType.DNSKEY) + 20, keys.Count);
        Assert.Equal(21, keys.Count(k => k.KeyTag == kskTag));
        Assert.Equal(before.Answers.Count(r => r.Type == RecordType.RRSIG) + 30, sigs.Count);
        Assert.Equal(31, sigs.Count(s => s.KeyTag == kskTag && s.TypeCovered == RecordType.DNSKEY));
    }

    [Fact]
    public async Task Remove_RestoresNormalAnswers()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        FaultRule rule = server.Faults.Add(Fault.ServerFailure);
        Assert.Equal(ResponseCode.ServFail, (await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A))).ResponseCode);

        Assert.True(server.Faults.Remove(rule));

        Assert.Equal(ResponseCode.NoError, (await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A))).ResponseCode);
        Assert.Empty(server.Faults.Rules);
    }

    [Fact]
    public async Task NameRule_AppliesToSubdomainsOnlyWhenAsked()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(s_example, Fault.Refuse);

        DnsMessage apex = await UdpAsync(server.EndPoint, Query("example.", RecordType.SOA));
        DnsMessage below = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));

        Assert.Equal(ResponseCode.Refused, apex.ResponseCode);
        Assert.Equal(ResponseCode.NoError, below.ResponseCode);
    }

    [Fact]
    public async Task TransportRule_AppliesToThatTransportOnly()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.Add(new FaultRule(Fault.ServerFailure) { Transport = ServerTransport.Tcp });
        DnsMessage query = Query("www.example.", RecordType.A);

        Assert.Equal(ResponseCode.NoError, (await UdpAsync(server.EndPoint, query)).ResponseCode);
        Assert.Equal(ResponseCode.ServFail, (await TcpAsync(server.EndPoint, query)).ResponseCode);
    }
}
