namespace DnsSecure.Tests.Dnssec.Replay;

public class ReplayUpstreamTests
{
    private const string Text = """
        server:
        CONFIG_END
        SCENARIO_BEGIN upstream
        RANGE_BEGIN 0 10
        ENTRY_BEGIN
        MATCH opcode qtype qname
        ADJUST copy_id
        REPLY QR AA NOERROR
        SECTION QUESTION
        www.example. IN A
        SECTION ANSWER
        www.example. 300 IN A 192.0.2.1
        ENTRY_END
        ENTRY_BEGIN
        MATCH opcode subdomain
        ADJUST copy_id copy_query
        REPLY QR NOERROR
        SECTION QUESTION
        example. IN NS
        SECTION AUTHORITY
        example. 300 IN NS ns.example.
        ENTRY_END
        RANGE_END
        RANGE_BEGIN 11 20
        ENTRY_BEGIN
        MATCH opcode qtype qname
        ADJUST copy_id
        REPLY QR AA NOERROR
        SECTION QUESTION
        www.example. IN A
        SECTION ANSWER
        www.example. 300 IN A 192.0.2.2
        ENTRY_END
        RANGE_END
        SCENARIO_END
        """;

    private static DnsMessage Query(string name, RecordType type) =>
        DnsMessage.CreateQuery(4321, new DnsQuestion(DomainName.Parse(name), type), dnssecOk: true);

    [Fact]
    public void Answer_ExactMatch_CopiesIdAndUsesEntryQuestion()
    {
        var upstream = new ReplayUpstream(ReplayParser.Parse(Text, "u.rpl")) { CurrentStep = 1 };
        DnsMessage reply = upstream.Answer(Query("WWW.example.", RecordType.A))!;
        Assert.Equal(4321, reply.Id);
        Assert.True(reply.AuthoritativeAnswer);
        Assert.Equal("192.0.2.1", Assert.Single(reply.Answers).Data.ToString());
    }

    [Fact]
    public void Answer_SubdomainMatch_CopiesQuery()
    {
        var upstream = new ReplayUpstream(ReplayParser.Parse(Text, "u.rpl")) { CurrentStep = 1 };
        DnsMessage reply = upstream.Answer(Query("a.b.example.", RecordType.AAAA))!;
        Assert.Equal(DomainName.Parse("a.b.example."), reply.Question.Name);
        Assert.Equal(RecordType.NS, Assert.Single(reply.Authorities).Type);
    }

    [Fact]
    public void Answer_LaterStep_UsesLaterRange()
    {
        var upstream = new ReplayUpstream(ReplayParser.Parse(Text, "u.rpl")) { CurrentStep = 15 };
        Assert.Equal("192.0.2.2", Assert.Single(upstream.Answer(Query("www.example.", RecordType.A))!.Answers).Data.ToString());
        Assert.Null(upstream.Answer(Query("other.test.", RecordType.A)));
        Assert.Equal(2, upstream.QueryCount);
    }

    [Fact]
    public void Compare_DifferentRcodeAndFlags_ReportsBoth()
    {
        ReplayScenario s = ReplayParser.Parse(Text, "u.rpl");
        ReplayEntry expected = s.Ranges[0].Entries[0] with { Match = ["all"] };
        DnsMessage actual = expected.ToReply(Query("www.example.", RecordType.A)) with { ResponseCode = ResponseCode.ServFail, AuthoritativeAnswer = false };
        IReadOnlyList<string> problems = expected.Compare(actual);
        Assert.Contains(problems, p => p.StartsWith("rcode", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("flag AA", StringComparison.Ordinal));
        Assert.Empty(expected.Compare(expected.ToReply(Query("www.example.", RecordType.A))));
    }
}
