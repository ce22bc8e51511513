using System.Net;

namespace DnsSecure.Tests.Dnssec.Replay;

public class ReplayNetworkTests
{
    private const string Scenario = """
        server:
            stub-addr: 192.0.2.1
        CONFIG_END
        SCENARIO_BEGIN two servers
        RANGE_BEGIN 0 100
            ADDRESS 192.0.2.1
        ENTRY_BEGIN
        MATCH opcode subdomain
        ADJUST copy_id copy_query
        REPLY QR NOERROR
        SECTION QUESTION
        example. IN A
        SECTION AUTHORITY
        example. IN NS ns.example.
        SECTION ADDITIONAL
        ns.example. IN A 192.0.2.2
        ENTRY_END
        RANGE_END
        RANGE_BEGIN 0 10
            ADDRESS 192.0.2.2
        ENTRY_BEGIN
        MATCH opcode qtype qname
        ADJUST copy_id
        REPLY QR AA NOERROR
        SECTION QUESTION
        www.example. IN A
        SECTION ANSWER
        www.example. IN A 10.0.0.1
        ENTRY_END
        RANGE_END
        RANGE_BEGIN 11 100
            ADDRESS 192.0.2.2
        ENTRY_BEGIN
        MATCH opcode qtype qname
        ADJUST copy_id
        REPLY QR AA NOERROR
        SECTION QUESTION
        www.example. IN A
        SECTION ANSWER
        www.example. IN A 10.0.0.2
        ENTRY_END
        RANGE_END
        STEP 1 QUERY
        ENTRY_BEGIN
        SECTION QUESTION
        www.example. IN A
        ENTRY_END
        SCENARIO_END
        """;

    private static readonly DnsQuestion Www = new(DomainName.Parse("www.example."), RecordType.A);

    [Fact]
    public async Task Exchange_RootServer_GivesItsReferral()
    {
        var network = new ReplayNetwork(ReplayParser.Parse(Scenario, "t.rpl")) { CurrentStep = 1 };

        var response = await network.ExchangeAsync(DnsMessage.CreateQuery(77, Www), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53));

        Assert.True(response.HasMessage);
        Assert.Equal(77, response.Message.Id);
        Assert.Empty(response.Message.Answers);
        Assert.Equal(RecordType.NS, Assert.Single(response.Message.Authorities).Type);
    }

    [Fact]
    public async Task Exchange_ChildServer_AnswersFromTheRangeOfTheCurrentStep()
    {
        var network = new ReplayNetwork(ReplayParser.Parse(Scenario, "t.rpl"));
        var server = new IPEndPoint(IPAddress.Parse("192.0.2.2"), 53);

        network.CurrentStep = 5;
        var early = await network.ExchangeAsync(DnsMessage.CreateQuery(1, Www), server);
        network.CurrentStep = 20;
        var late = await network.ExchangeAsync(DnsMessage.CreateQuery(2, Www), server);

        Assert.Equal("10.0.0.1", Assert.Single(early.Message!.Answers).Data.ToString());
        Assert.Equal("10.0.0.2", Assert.Single(late.Message!.Answers).Data.ToString());
        Assert.Equal(2, network.QueryCount);
    }

    [Fact]
    public async Task Exchange_UnknownServerOrQuestion_IsNoAnswer()
    {
        var network = new ReplayNetwork(ReplayParser.Parse(Scenario, "t.rpl")) { CurrentStep = 1 };

        var unknownServer = await network.ExchangeAsync(DnsMessage.CreateQuery(1, Www), new IPEndPoint(IPAddress.Parse("192.0.2.9"), 53));
        var unknownName = await network.ExchangeAsync(DnsMessage.CreateQuery(2, new DnsQuestion(DomainName.Parse("mail.example."), RecordType.A)), new IPEndPoint(IPAddress.Parse("192.0.2.2"), 53));

        Assert.False(unknownServer.HasMessage);
        Assert.False(unknownName.HasMessage);
        Assert.Equal([false, false], network.Log.Select(l => l.Answered));
    }
}
