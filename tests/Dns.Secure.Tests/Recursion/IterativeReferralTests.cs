using System.Net;
using DnsSecure.Records;
using DnsSecure.Recursion;

namespace DnsSecure.Tests.Recursion;

/// <summary>How <see cref="IterativeDataSource"/> reads referrals: AA-flagged referrals, and the DS denial a signed referral carries.</summary>
public sealed class IterativeReferralTests
{
    private static readonly IPAddress Root = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress ChildServer = IPAddress.Parse("127.0.0.2");
    private static readonly DomainName Child = DomainName.Parse("child.");
    private static readonly DomainName ChildNs = DomainName.Parse("ns.child.");
    private static readonly DomainName Www = DomainName.Parse("www.child.");

    private static IterativeDataSource Source(ScriptedChannel channel) =>
        new(RootHints.FromEndPoints([new IPEndPoint(Root, 53)]), channel);

    private static DnsMessage Referral(DnsMessage query, bool authoritative, params ResourceRecord[] proof) => ScriptedChannel.Reply(query) with
    {
        AuthoritativeAnswer = authoritative,
        Authorities = [new ResourceRecord(Child, 3600, new NsRdata(ChildNs)), .. proof],
        Additionals = [new ResourceRecord(ChildNs, 3600, new ARdata(ChildServer))],
    };

    private static DnsMessage ChildAnswer(DnsMessage query) => ScriptedChannel.Reply(query) with
    {
        AuthoritativeAnswer = true,
        Answers = [new ResourceRecord(Www, 300, new ARdata(IPAddress.Parse("192.0.2.1")))],
    };

    [Fact]
    public async Task Query_ReferralWithAaBit_IsFollowedToTheChild()
    {
        // Some servers set AA on referrals (RFC 5155 Appendix B.3 as recorded in Deckard); the NS set is still for the child.
        var channel = new ScriptedChannel((query, server) => server.Address.Equals(Root) ? Referral(query, authoritative: true) : ChildAnswer(query));

        var response = await Source(channel).QueryAsync(new DnsQuestion(Www, RecordType.A));

        Assert.True(response.HasMessage, response.Failure);
        Assert.Contains(response.Message.Answers, r => r.Type == RecordType.A);
        Assert.Equal(2, channel.Queries);
    }

    [Fact]
    public async Task Query_AuthoritativeNsOfTheZoneItself_IsNotAReferral()
    {
        // AA with the zone's own NS set in the authority section is an answer (NODATA), as before.
        var channel = new ScriptedChannel((query, server) => ScriptedChannel.Reply(query) with
        {
            AuthoritativeAnswer = true,
            Authorities = [new ResourceRecord(DomainName.Root, 3600, new NsRdata(DomainName.Parse("a.root.")))],
        });

        var response = await Source(channel).QueryAsync(new DnsQuestion(Www, RecordType.A));

        Assert.True(response.HasMessage, response.Failure);
        Assert.Empty(response.Message.Answers);
        Assert.Equal(1, channel.Queries);
    }

    [Fact]
    public async Task Query_DsAfterSignedReferralWithoutDs_IsAnsweredFromTheReferralsProof()
    {
        // RFC 4035 §3.1.4.1: the referral proves "no DS" with the parent's NSEC; the DS question needs no further query.
        var nsec = new ResourceRecord(Child, 3600, ResourceRecord.Parse("child. NSEC d. NS RRSIG NSEC").Data);
        var rrsig = new ResourceRecord(Child, 3600, new RrsigRdata(RecordType.NSEC, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 3600, 2, 1, 7, DomainName.Root, new byte[64]));
        var channel = new ScriptedChannel((query, server) => server.Address.Equals(Root) ? Referral(query, authoritative: false, nsec, rrsig) : ChildAnswer(query));
        IterativeDataSource source = Source(channel);
        await source.QueryAsync(new DnsQuestion(Www, RecordType.A));
        int before = channel.Queries;

        var ds = await source.QueryAsync(new DnsQuestion(Child, RecordType.DS));

        Assert.Equal(before, channel.Queries);
        Assert.True(ds.HasMessage, ds.Failure);
        Assert.Empty(ds.Message.Answers);
        Assert.Contains(ds.Message.Authorities, r => r.Type == RecordType.NSEC);
        Assert.Contains(ds.Message.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.NSEC });
        Assert.DoesNotContain(ds.Message.Authorities, r => r.Type == RecordType.NS);
    }

    [Fact]
    public async Task Query_DsAfterUnsignedReferral_IsAskedOfTheParent()
    {
        var channel = new ScriptedChannel((query, server) => server.Address.Equals(Root)
            ? query.Question.Type == RecordType.DS ? ScriptedChannel.Reply(query) with { AuthoritativeAnswer = true } : Referral(query, authoritative: false)
            : ChildAnswer(query));
        IterativeDataSource source = Source(channel);
        await source.QueryAsync(new DnsQuestion(Www, RecordType.A));
        int before = channel.Queries;

        await source.QueryAsync(new DnsQuestion(Child, RecordType.DS));

        Assert.Equal(before + 1, channel.Queries);
    }

    [Fact]
    public async Task Query_MinimisedQueryUnanswered_FallsBackToTheFullQuestion()
    {
        // RFC 9156 §3, as Unbound (non-strict): the root's servers ignore the minimised child./A, answer www.child./A.
        var channel = new ScriptedChannel((query, server) => query.Question.Name == Www ? ChildAnswer(query) : null);
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(Root, 53)]), channel, new IterativeResolverOptions { QnameMinimisation = true });

        var response = await source.QueryAsync(new DnsQuestion(Www, RecordType.A));

        Assert.True(response.HasMessage, response.Failure);
        Assert.Contains(response.Message.Answers, r => r.Type == RecordType.A);
        Assert.True(channel.Queries >= 2);
    }

    [Fact]
    public async Task Query_FullQuestionUnansweredAfterFallback_StillFailsClosed()
    {
        var channel = new ScriptedChannel((query, server) => null);
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(Root, 53)]), channel, new IterativeResolverOptions { QnameMinimisation = true });

        var response = await source.QueryAsync(new DnsQuestion(Www, RecordType.A));

        Assert.False(response.HasMessage);
    }
}
