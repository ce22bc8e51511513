using System.Buffers.Binary;
using System.Net;
using DnsSecure.Edns;
using DnsSecure.Records;
using DnsSecure.Testing.Server;
using DnsSecure.Wire;
using static DnsSecure.Testing.Tests.DnsTestClient;

namespace DnsSecure.Testing.Tests.Server;

public sealed class AuthoritativeServerTests
{
    [Fact]
    public async Task Udp_ExistingName_IsAuthoritativeAnswerWithEchoedIdAndQuestion()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("www.example.", RecordType.A);

        DnsMessage response = await UdpAsync(server.EndPoint, query);

        Assert.True(response.IsResponse);
        Assert.Equal(query.Id, response.Id);
        Assert.Equal(query.Question, response.Question);
        Assert.True(response.AuthoritativeAnswer);
        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        ResourceRecord a = Assert.Single(response.Answers);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARdata)a.Data).Address);
    }

    [Fact]
    public async Task StartAsync_PortZero_BindsUdpAndTcpOnTheSameLoopbackPort()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        Assert.True(IPAddress.IsLoopback(server.EndPoint.Address));
        Assert.NotEqual(0, server.EndPoint.Port);
        DnsMessage viaTcp = await TcpAsync(server.EndPoint, Query("www.example.", RecordType.A));
        Assert.Single(viaTcp.Answers);
    }

    [Fact]
    public async Task StartAsync_NonLoopbackAddress_Throws()
    {
        var options = new AuthoritativeServerOptions { EndPoint = new IPEndPoint(IPAddress.Any, 0) };

        await Assert.ThrowsAsync<ArgumentException>(() => AuthoritativeServer.StartAsync([TestZones.Example], options));
    }

    [Fact]
    public async Task Udp_DelegatedName_IsReferralWithNsGlueAndNoAa()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example);

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.insecure.example.", RecordType.A));

        Assert.False(response.AuthoritativeAnswer);
        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        ResourceRecord ns = Assert.Single(response.Authorities);
        Assert.Equal(DomainName.Parse("insecure.example."), ns.Name);
        Assert.Equal(DomainName.Parse("ns.insecure.example."), ((NsRdata)ns.Data).NameServer);
        ResourceRecord glue = Assert.Single(response.Additionals);
        Assert.Equal(IPAddress.Parse("127.0.0.3"), ((ARdata)glue.Data).Address);
    }

    [Fact]
    public async Task Udp_ReferralToSignedChildWithDo_CarriesSignedDs()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example);

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.sub.example.", RecordType.A, dnssecOk: true));

        Assert.False(response.AuthoritativeAnswer);
        Assert.Contains(response.Authorities, r => r.Type == RecordType.NS);
        Assert.Contains(response.Authorities, r => r.Type == RecordType.DS && r.Name == DomainName.Parse("sub.example."));
        Assert.Contains(response.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.DS });
        Assert.DoesNotContain(response.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.NS });
    }

    [Fact]
    public async Task Udp_ReferralToUnsignedChildWithDo_ProvesNoDsWithNsec()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example);

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.insecure.example.", RecordType.A, dnssecOk: true));

        ResourceRecord nsec = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC);
        Assert.Equal(DomainName.Parse("insecure.example."), nsec.Name);
        var types = ((NsecRdata)nsec.Data).Types;
        Assert.True(types.Contains(RecordType.NS));
        Assert.False(types.Contains(RecordType.DS));
        Assert.Contains(response.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.NSEC });
    }

    [Fact]
    public async Task Udp_DsQueryForServedChildApex_IsAnsweredByTheParent()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("sub.example.", RecordType.DS, dnssecOk: true));

        Assert.True(response.AuthoritativeAnswer);
        Assert.Contains(response.Answers, r => r.Type == RecordType.DS);
        RrsigRdata sig = (RrsigRdata)Assert.Single(response.Answers, r => r.Type == RecordType.RRSIG).Data;
        Assert.Equal(DomainName.Parse("example."), sig.SignerName);
    }

    [Fact]
    public async Task Udp_SoaOfServedChild_IsAnsweredByTheChild()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("sub.example.", RecordType.SOA));

        Assert.True(response.AuthoritativeAnswer);
        Assert.Equal(DomainName.Parse("ns.sub.example."), ((SoaRdata)Assert.Single(response.Answers).Data).PrimaryNameServer);
    }

    [Fact]
    public async Task Udp_MissingName_IsNxDomainWithSoaTtlFromMinimum()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("nope.example.", RecordType.A));

        Assert.Equal(ResponseCode.NXDomain, response.ResponseCode);
        Assert.True(response.AuthoritativeAnswer);
        Assert.Empty(response.Answers);
        ResourceRecord soa = Assert.Single(response.Authorities);
        Assert.Equal(RecordType.SOA, soa.Type);
        // RFC 2308 §3: min(SOA TTL 3600, MINIMUM 300).
        Assert.Equal(300u, soa.Ttl);
    }

    [Fact]
    public async Task Udp_MissingType_IsNoDataWithSoa()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.TXT));

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal(RecordType.SOA, Assert.Single(response.Authorities).Type);
    }

    [Fact]
    public async Task Udp_EmptyNonTerminal_IsNoDataNotNxDomain()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("b.ent.example.", RecordType.A, dnssecOk: true));

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        ResourceRecord nsec = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC);
        Assert.True(nsec.Name < DomainName.Parse("b.ent.example."));
        Assert.True(((NsecRdata)nsec.Data).NextDomainName.IsSubdomainOf(DomainName.Parse("b.ent.example.")));
    }

    [Fact]
    public async Task Udp_NxDomainWithDo_HasNsecCoveringNameAndWildcard()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DomainName name = DomainName.Parse("nope.example.");
        DomainName wildcard = DomainName.Parse("*.example.");

        DnsMessage response = await UdpAsync(server.EndPoint, Query("nope.example.", RecordType.A, dnssecOk: true));

        var nsecs = response.Authorities.Where(r => r.Type == RecordType.NSEC).ToList();
        Assert.Contains(nsecs, n => Covers(n, name));
        Assert.Contains(nsecs, n => Covers(n, wildcard));
        Assert.Equal(nsecs.Count, response.Authorities.Count(r => r.Data is RrsigRdata { TypeCovered: RecordType.NSEC }));
        Assert.Contains(response.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.SOA });
    }

    [Fact]
    public async Task Udp_NoDataWithDo_HasTheNameOwnNsec()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.TXT, dnssecOk: true));

        ResourceRecord nsec = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC);
        Assert.Equal(DomainName.Parse("www.example."), nsec.Name);
        Assert.False(((NsecRdata)nsec.Data).Types.Contains(RecordType.TXT));
    }

    [Fact]
    public async Task Udp_CnameChain_IsFollowedInsideTheZone()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("chain1.example.", RecordType.A));

        Assert.Equal(
            ["chain1.example.", "chain2.example.", "alias.example.", "www.example."],
            response.Answers.Select(r => r.Name.ToString()));
        Assert.Equal(RecordType.A, response.Answers[^1].Type);
        Assert.True(response.AuthoritativeAnswer);
    }

    [Fact]
    public async Task Udp_CnameLoop_Terminates()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("loop1.example.", RecordType.A));

        Assert.Equal(2, response.Answers.Length);
        Assert.All(response.Answers, r => Assert.Equal(RecordType.CNAME, r.Type));
    }

    [Fact]
    public async Task Udp_CnameQuery_ReturnsTheCnameWithoutFollowing()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("alias.example.", RecordType.CNAME));

        Assert.Equal(RecordType.CNAME, Assert.Single(response.Answers).Type);
    }

    [Fact]
    public async Task Udp_CnameOutOfZone_StopsAtTheCname()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("outside.example.", RecordType.A));

        ResourceRecord cname = Assert.Single(response.Answers);
        Assert.Equal(DomainName.Parse("www.elsewhere.test."), ((CnameRdata)cname.Data).CanonicalName);
    }

    [Fact]
    public async Task Udp_NameBelowDname_GetsDnameAndSynthesizedCname()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("host.redirect.example.", RecordType.A, dnssecOk: true));

        Assert.Contains(response.Answers, r => r.Type == RecordType.DNAME && r.Name == DomainName.Parse("redirect.example."));
        Assert.Contains(response.Answers, r => r.Data is RrsigRdata { TypeCovered: RecordType.DNAME });
        ResourceRecord cname = Assert.Single(response.Answers, r => r.Type == RecordType.CNAME);
        Assert.Equal(DomainName.Parse("host.redirect.example."), cname.Name);
        Assert.Equal(DomainName.Parse("host.target.example."), ((CnameRdata)cname.Data).CanonicalName);
        // RFC 6672 §3.3: the synthesized CNAME is not signed.
        Assert.DoesNotContain(response.Answers, r => r.Data is RrsigRdata { TypeCovered: RecordType.CNAME });
        ResourceRecord a = Assert.Single(response.Answers, r => r.Type == RecordType.A);
        Assert.Equal(IPAddress.Parse("192.0.2.55"), ((ARdata)a.Data).Address);
    }

    [Fact]
    public async Task Udp_DnameOwnerItself_IsNotRedirected()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("redirect.example.", RecordType.DNAME));

        Assert.Equal(RecordType.DNAME, Assert.Single(response.Answers).Type);
    }

    [Fact]
    public async Task Udp_WildcardMatch_IsSynthesizedWithWildcardSignatureAndNsecProof()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DomainName qname = DomainName.Parse("anything.wild.example.");

        DnsMessage response = await UdpAsync(server.EndPoint, Query("anything.wild.example.", RecordType.A, dnssecOk: true));

        ResourceRecord a = Assert.Single(response.Answers, r => r.Type == RecordType.A);
        Assert.Equal(qname, a.Name);
        Assert.Equal(IPAddress.Parse("192.0.2.99"), ((ARdata)a.Data).Address);
        ResourceRecord sig = Assert.Single(response.Answers, r => r.Type == RecordType.RRSIG);
        Assert.Equal(qname, sig.Name);
        // RFC 4035 §5.3.4: the Labels field of the wildcard's RRSIG is less than the owner's label count.
        Assert.Equal(2, ((RrsigRdata)sig.Data).Labels);
        Assert.Contains(response.Authorities, r => r.Type == RecordType.NSEC && Covers(r, qname));
    }

    [Fact]
    public async Task Udp_WildcardCname_IsSynthesizedAndFollowed()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("x.wildcname.example.", RecordType.A));

        Assert.Equal(DomainName.Parse("x.wildcname.example."), Assert.Single(response.Answers, r => r.Type == RecordType.CNAME).Name);
        Assert.Single(response.Answers, r => r.Type == RecordType.A && r.Name == DomainName.Parse("www.example."));
    }

    [Fact]
    public async Task Udp_WildcardNoData_ProvesNameAndWildcardTypes()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DomainName qname = DomainName.Parse("anything.wild.example.");

        DnsMessage response = await UdpAsync(server.EndPoint, Query("anything.wild.example.", RecordType.TXT, dnssecOk: true));

        Assert.Equal(ResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Contains(response.Authorities, r => r.Type == RecordType.NSEC && Covers(r, qname));
        Assert.Contains(response.Authorities, r => r.Type == RecordType.NSEC && r.Name == DomainName.Parse("*.wild.example."));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Udp_DoBit_ControlsRrsigs(bool dnssecOk)
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A, dnssecOk: dnssecOk));

        Assert.Equal(dnssecOk, response.Answers.Any(r => r.Type == RecordType.RRSIG));
        Assert.Equal(dnssecOk, response.Edns!.DnssecOk);
    }

    [Fact]
    public async Task Udp_AnswerLargerThanEdnsSize_IsTruncatedAndTcpGivesAll()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("big.example.", RecordType.A, dnssecOk: true, udpPayloadSize: 512);

        byte[] raw = (await UdpRawAsync(server.EndPoint, query.Encode(), ReplyTimeout))!;
        DnsMessage udp = DnsMessage.Decode(raw);
        DnsMessage tcp = await TcpAsync(server.EndPoint, query);

        Assert.True(udp.Truncated);
        Assert.True(raw.Length <= 512);
        Assert.NotEmpty(udp.Answers);
        Assert.False(tcp.Truncated);
        Assert.Equal(40, tcp.Answers.Count(r => r.Type == RecordType.A));
        Assert.Contains(tcp.Answers, r => r.Type == RecordType.RRSIG);
        Assert.True(udp.Answers.Length < tcp.Answers.Length);
    }

    [Fact]
    public async Task Udp_LargeEdnsSize_GetsTheWholeAnswer()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("big.example.", RecordType.A, udpPayloadSize: 4096));

        Assert.False(response.Truncated);
        Assert.Equal(40, response.Answers.Length);
    }

    [Fact]
    public async Task Udp_QueryWithoutEdns_IsLimitedTo512OctetsAndHasNoOpt()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("big.example.", RecordType.A, edns: false);

        byte[] raw = (await UdpRawAsync(server.EndPoint, query.Encode(), ReplyTimeout))!;
        DnsMessage response = DnsMessage.Decode(raw);

        Assert.True(raw.Length <= 512);
        Assert.True(response.Truncated);
        Assert.Null(response.Edns);
    }

    [Fact]
    public async Task Tcp_PipelinedQueries_AreAllAnsweredOnOneConnection()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        string[] names = ["www.example.", "ns1.example.", "nope.example.", "big.example.", "www.example.net.", "www.sub.example."];
        DnsMessage[] queries = names.Select(n => Query(n, RecordType.A, dnssecOk: true)).ToArray();

        IReadOnlyList<DnsMessage> responses = await TcpPipelinedAsync(server.EndPoint, queries);

        Assert.Equal(queries.Length, responses.Count);
        foreach (DnsMessage query in queries)
        {
            DnsMessage response = Assert.Single(responses, r => r.Id == query.Id);
            Assert.Equal(query.Question, response.Question);
        }

        Assert.Equal(queries.Length, server.Queries.Count(ServerTransport.Tcp));
    }

    [Fact]
    public async Task Udp_Garbage_IsFormErrWithEchoedId()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        byte[] garbage = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(garbage, 0xBEEF);
        BinaryPrimitives.WriteUInt16BigEndian(garbage.AsSpan(4), 1); // one question that runs off the end
        garbage[12] = 60;

        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(garbage));
        DnsMessage response = DnsMessage.Decode((await UdpRawAsync(server.EndPoint, garbage, ReplyTimeout))!);

        Assert.Equal(ResponseCode.FormErr, response.ResponseCode);
        Assert.Equal(0xBEEF, response.Id);
        Assert.Equal(1, server.Queries.Malformed);
    }

    [Fact]
    public async Task Udp_TwoQuestions_IsFormErr()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("www.example.", RecordType.A);
        query = query with { Questions = [query.Question, new DnsQuestion(DomainName.Parse("ns1.example."), RecordType.A)] };

        DnsMessage response = await UdpAsync(server.EndPoint, query);

        Assert.Equal(ResponseCode.FormErr, response.ResponseCode);
    }

    [Fact]
    public async Task Udp_StatusOpcode_IsNotImp()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A) with { Opcode = DnsOpcode.Status });

        Assert.Equal(ResponseCode.NotImp, response.ResponseCode);
        Assert.Equal(DnsOpcode.Status, response.Opcode);
    }

    [Fact]
    public async Task Udp_NameOutsideAllZones_IsRefused()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.elsewhere.test.", RecordType.A));

        Assert.Equal(ResponseCode.Refused, response.ResponseCode);
        Assert.False(response.AuthoritativeAnswer);
    }

    [Fact]
    public async Task Udp_EdnsVersion1_IsBadVersWithVersion0Opt()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DnsMessage query = Query("www.example.", RecordType.A);
        query = query with { Edns = query.Edns! with { Version = 1 } };

        DnsMessage response = await UdpAsync(server.EndPoint, query);

        Assert.Equal(ResponseCode.BadVers, response.ResponseCode);
        Assert.Equal(0, response.Edns!.Version);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public async Task Udp_Nsec3NxDomain_HasClosestEncloserNextCloserAndWildcardProof()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        DomainName zone = DomainName.Parse("example.net.");

        DnsMessage response = await UdpAsync(server.EndPoint, Query("a.nope.example.net.", RecordType.A, dnssecOk: true));

        Assert.Equal(ResponseCode.NXDomain, response.ResponseCode);
        var nsec3 = response.Authorities.Where(r => r.Type == RecordType.NSEC3).ToList();
        Assert.Contains(nsec3, n => Nsec3Matches(n, zone));
        Assert.Contains(nsec3, n => Nsec3Covers(n, DomainName.Parse("nope.example.net.")));
        Assert.Contains(nsec3, n => Nsec3Covers(n, DomainName.Parse("*.example.net.")));
        Assert.Equal(nsec3.Count, response.Authorities.Count(r => r.Data is RrsigRdata { TypeCovered: RecordType.NSEC3 }));
    }

    [Fact]
    public async Task Udp_Nsec3NoData_HasMatchingNsec3()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.net.", RecordType.TXT, dnssecOk: true));

        ResourceRecord nsec3 = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC3);
        Assert.True(Nsec3Matches(nsec3, DomainName.Parse("www.example.net.")));
        Assert.False(((Nsec3Rdata)nsec3.Data).Types.Contains(RecordType.TXT));
    }

    [Fact]
    public async Task Udp_Nsec3Wildcard_ProvesNextCloserDoesNotExist()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("a.b.wild.example.net.", RecordType.A, dnssecOk: true));

        Assert.Equal(DomainName.Parse("a.b.wild.example.net."), Assert.Single(response.Answers, r => r.Type == RecordType.A).Name);
        ResourceRecord nsec3 = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC3);
        Assert.True(Nsec3Covers(nsec3, DomainName.Parse("b.wild.example.net.")));
    }

    [Fact]
    public async Task Udp_Nsec3WildcardNoData_HasEncloserNextCloserAndWildcardMatch()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("a.wild.example.net.", RecordType.TXT, dnssecOk: true));

        var nsec3 = response.Authorities.Where(r => r.Type == RecordType.NSEC3).ToList();
        Assert.Contains(nsec3, n => Nsec3Matches(n, DomainName.Parse("wild.example.net.")));
        Assert.Contains(nsec3, n => Nsec3Covers(n, DomainName.Parse("a.wild.example.net.")));
        Assert.Contains(nsec3, n => Nsec3Matches(n, DomainName.Parse("*.wild.example.net.")));
    }

    [Fact]
    public async Task Udp_Nsec3OptOutReferral_ProvesNoDsWithClosestEncloser()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.insecure.example.org.", RecordType.A, dnssecOk: true));

        Assert.False(response.AuthoritativeAnswer);
        var nsec3 = response.Authorities.Where(r => r.Type == RecordType.NSEC3).ToList();
        Assert.Contains(nsec3, n => Nsec3Matches(n, DomainName.Parse("example.org.")));
        ResourceRecord cover = Assert.Single(nsec3, n => Nsec3Covers(n, DomainName.Parse("insecure.example.org.")));
        Assert.True(((Nsec3Rdata)cover.Data).OptOut);
    }

    [Fact]
    public async Task Udp_Nsec3Referral_ProvesNoDsWithMatchingNsec3()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.insecure.example.net.", RecordType.A, dnssecOk: true));

        ResourceRecord nsec3 = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC3);
        Assert.True(Nsec3Matches(nsec3, DomainName.Parse("insecure.example.net.")));
        Assert.True(((Nsec3Rdata)nsec3.Data).Types.Contains(RecordType.NS));
        Assert.False(((Nsec3Rdata)nsec3.Data).Types.Contains(RecordType.DS));
    }

    [Fact]
    public async Task Udp_SaltedNsec3NoData_MatchesTheNameHash()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        DnsMessage response = await UdpAsync(server.EndPoint, Query("www.example.org.", RecordType.TXT, dnssecOk: true));

        ResourceRecord nsec3 = Assert.Single(response.Authorities, r => r.Type == RecordType.NSEC3);
        Assert.Equal(5, ((Nsec3Rdata)nsec3.Data).Iterations);
        Assert.True(Nsec3Matches(nsec3, DomainName.Parse("www.example.org.")));
    }

    [Fact]
    public async Task SetZone_WhileRunning_ServesTheNewZone()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example);
        Assert.Equal(ResponseCode.Refused, (await UdpAsync(server.EndPoint, Query("www.example.net.", RecordType.A))).ResponseCode);

        server.SetZone(TestZones.ExampleNet);

        Assert.Single((await UdpAsync(server.EndPoint, Query("www.example.net.", RecordType.A))).Answers);
        Assert.True(server.RemoveZone(DomainName.Parse("example.net.")));
        Assert.Equal(ResponseCode.Refused, (await UdpAsync(server.EndPoint, Query("www.example.net.", RecordType.A))).ResponseCode);
    }

    [Fact]
    public async Task Queries_CountsPerNameTypeAndTransport()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        await UdpAsync(server.EndPoint, Query("www.example.", RecordType.A));
        await UdpAsync(server.EndPoint, Query("WWW.example.", RecordType.A));
        await TcpAsync(server.EndPoint, Query("www.example.", RecordType.A));
        await UdpAsync(server.EndPoint, Query("www.example.", RecordType.AAAA));

        Assert.Equal(2, server.Queries.Count(DomainName.Parse("www.example."), RecordType.A, ServerTransport.Udp));
        Assert.Equal(1, server.Queries.Count(DomainName.Parse("www.example."), RecordType.A, ServerTransport.Tcp));
        Assert.Equal(3, server.Queries.Count(DomainName.Parse("www.example."), RecordType.A));
        Assert.Equal(4, server.Queries.Total);
    }

    internal static bool Covers(ResourceRecord nsec, DomainName name)
    {
        DomainName next = ((NsecRdata)nsec.Data).NextDomainName;
        return nsec.Name < name && (name < next || next <= nsec.Name);
    }

    internal static bool Nsec3Matches(ResourceRecord nsec3, DomainName name) =>
        OwnerHash(nsec3).AsSpan().SequenceEqual(Hash(nsec3, name));

    internal static bool Nsec3Covers(ResourceRecord nsec3, DomainName name)
    {
        byte[] owner = OwnerHash(nsec3), hash = Hash(nsec3, name);
        ReadOnlySpan<byte> next = ((Nsec3Rdata)nsec3.Data).NextHashedOwnerName.Span;
        bool afterOwner = owner.AsSpan().SequenceCompareTo(hash) < 0;
        bool beforeNext = hash.AsSpan().SequenceCompareTo(next) < 0;
        bool wraps = next.SequenceCompareTo(owner) <= 0;
        return wraps ? afterOwner || beforeNext : afterOwner && beforeNext;
    }

    private static byte[] Hash(ResourceRecord nsec3, DomainName name)
    {
        var data = (Nsec3Rdata)nsec3.Data;
        return new Nsec3Parameters((byte)data.HashAlgorithm, data.Iterations, data.Salt.ToArray()).Hash(name);
    }

    private static byte[] OwnerHash(ResourceRecord nsec3)
    {
        Assert.True(Nsec3Parameters.TryGetOwnerHash(nsec3.Name, out byte[] hash));
        return hash;
    }
}
