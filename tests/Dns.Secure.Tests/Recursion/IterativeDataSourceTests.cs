using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;

namespace DnsSecure.Tests.Recursion;

public sealed class IterativeDataSourceTests
{
    [Fact]
    public async Task Resolve_ThreeLevelsBelowPrivateRoot_IsSecureAndFollowsReferrals()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResolutionSource.Recursive, result.Source);
        Assert.Equal(RecursionTree.HostSub, Assert.Single(result.RecordsOf<ARdata>()).Address);
        // The referrals were followed: each level's own server was asked, and the answer came from sub.example.'s.
        Assert.Contains(channel.Sent, s => s.Server.Equals(RecursionTree.EndPointOf(tree, ".")));
        Assert.Contains(channel.Sent, s => s.Server.Equals(RecursionTree.EndPointOf(tree, "example.")));
        Assert.Contains(channel.Sent, s => s.Server.Equals(RecursionTree.EndPointOf(tree, "sub.example.")) && s.Question.Type == RecordType.A);
        // DS is asked of the parent side of each cut (RFC 4035 §3.1.4.1).
        Assert.All(channel.Sent.Where(s => s.Question.Type == RecordType.DS && s.Question.Name == DomainName.Parse("sub.example.")),
            s => Assert.Equal(RecursionTree.EndPointOf(tree, "example."), s.Server));
    }

    [Fact]
    public async Task Resolve_CacheFull_KeepsTheLongLivedDelegationAndAsksItsServerDirectly()
    {
        await using TestHierarchy tree = await TestHierarchy.CreateAsync(b =>
        {
            b.ServerPerZone = true;
            b.AddZone("example.").WithTtl(86_400).WithAddress(RecursionTree.WwwExample, "www");
            b.AddZone("sub.example.").WithTtl(600).WithAddress(RecursionTree.HostSub, "host");
            b.AddZone("other.").WithTtl(3_600).WithAddress(RecursionTree.WwwOther, "www");
        });
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = RecursionTree.Recursive(tree, channel, RecursionTree.Options(tree, o => o.MaxCacheEntries = 2));
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("host.sub.example.", RecordType.A)).Status);

        // The delegations cache is full (example., sub.example.): other.'s takes the place of the one closest to expiry.
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("www.other.", RecordType.A)).Status);
        channel.Clear();
        ValidatedLookup www = await resolver.ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, www.Status);
        Assert.Equal(RecursionTree.WwwExample, Assert.Single(www.RecordsOf<ARdata>()).Address);
        // example.'s delegation (a day) was kept: no iteration from the root (a full cache used to be emptied).
        Assert.Equal(0, channel.CountTo(RecursionTree.EndPointOf(tree, ".")));
        Assert.Contains(channel.Sent, s => s.Server.Equals(RecursionTree.EndPointOf(tree, "example.")) && s.Question.Name == DomainName.Parse("www.example."));
    }

    [Fact]
    public async Task Resolve_UnsignedDelegation_IsInsecure()
    {
        await using var tree = await RecursionTree.CreateAsync();

        ValidatedLookup result = await RecursionTree.Recursive(tree, RecursionTree.Recording(tree)).ResolveAsync("www.insecure.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Insecure, result.Status);
        Assert.Equal(RecursionTree.WwwInsecure, Assert.Single(result.RecordsOf<ARdata>()).Address);
    }

    [Fact]
    public async Task Resolve_NonexistentName_IsSecureNxdomain()
    {
        await using var tree = await RecursionTree.CreateAsync();

        ValidatedLookup result = await RecursionTree.Recursive(tree, RecursionTree.Recording(tree)).ResolveAsync("missing.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
        Assert.Contains(result.Chain, step => step.Kind == DnsSecure.Dnssec.Chain.ChainStepKind.Denial && step.Status == DnssecStatus.Secure);
    }

    [Fact]
    public async Task Resolve_MissingType_IsSecureNodata()
    {
        await using var tree = await RecursionTree.CreateAsync();

        ValidatedLookup result = await RecursionTree.Recursive(tree, RecursionTree.Recording(tree)).ResolveAsync("host.sub.example.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.Empty(result.Records);
    }

    [Fact]
    public async Task Resolve_CnameIntoAnotherZone_IsSecureWithTheTargetsAddress()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("alias.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(DomainName.Parse("www.other."), result.CanonicalName);
        Assert.Equal(RecursionTree.WwwOther, Assert.Single(result.RecordsOf<ARdata>()).Address);
        // The target was asked of other.'s server once, not followed twice.
        Assert.Equal(1, channel.Sent.Count(s => s.Server.Equals(RecursionTree.EndPointOf(tree, "other.")) && s.Question.Name == DomainName.Parse("www.other.") && s.Question.Type == RecordType.A));
    }

    [Fact]
    public async Task Resolve_RecordsOutsideTheServersZone_AreIgnoredAndNeverCached()
    {
        await using var tree = await RecursionTree.CreateAsync();
        IPEndPoint exampleServer = RecursionTree.EndPointOf(tree, "example.");
        var poison = new ResourceRecord(DomainName.Parse("www.other."), 86400, new ARdata(IPAddress.Parse("203.0.113.66")));
        // example.'s server adds an out-of-bailiwick answer and additional record to everything it says.
        var channel = RecursionTree.Recording(tree, (reply, server) => server.Equals(exampleServer)
            ? reply with { Answers = [.. reply.Answers, poison], Additionals = [.. reply.Additionals, poison] }
            : reply);
        ValidatingResolver resolver = RecursionTree.Recursive(tree, channel);

        ValidatedLookup first = await resolver.ResolveAsync("www.example.", RecordType.A);
        ValidatedLookup later = await resolver.ResolveAsync("www.other.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, first.Status);
        Assert.DoesNotContain(first.Response!.AllRecords, r => r.Name == poison.Name);
        Assert.Equal(DnssecStatus.Secure, later.Status);
        Assert.Equal(RecursionTree.WwwOther, Assert.Single(later.RecordsOf<ARdata>()).Address);
        Assert.Contains(channel.Sent, s => s.Server.Equals(RecursionTree.EndPointOf(tree, "other.")) && s.Question.Name == poison.Name);
    }

    [Fact]
    public async Task Resolve_GlueOutsideTheReferringZone_IsNotUsed()
    {
        await using var tree = await RecursionTree.CreateAsync();
        IPEndPoint exampleServer = RecursionTree.EndPointOf(tree, "example.");
        // example.'s referral to sub.example. also names ns9.other. with a forged glue address (outside example.).
        var channel = RecursionTree.Recording(tree, (reply, server) => server.Equals(exampleServer) && reply.Authorities.Any(r => r.Type == RecordType.NS && r.Name == DomainName.Parse("sub.example."))
            ? reply with
            {
                Authorities = [new ResourceRecord(DomainName.Parse("sub.example."), 3600, new NsRdata(DomainName.Parse("ns9.other."))), .. reply.Authorities],
                Additionals = [new ResourceRecord(DomainName.Parse("ns9.other."), 3600, new ARdata(IPAddress.Parse("127.0.0.9"))), .. reply.Additionals],
            }
            : reply);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.DoesNotContain(channel.Sent, s => s.Server.Address.Equals(IPAddress.Parse("127.0.0.9")));
    }

    [Theory]
    [InlineData(FaultKind.Refuse)]
    [InlineData(FaultKind.ServerFailure)]
    public async Task Resolve_LameFirstServer_UsesTheNextServer(FaultKind fault)
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(fault == FaultKind.Refuse ? Fault.Refuse : Fault.ServerFailure);
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.True(channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 0)) > 0);
        Assert.True(channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 1)) > 0);
    }

    [Theory]
    [InlineData("not authoritative")]
    [InlineData("sideways referral")]
    [InlineData("wrong question")]
    public async Task Resolve_FirstServerAnswersUnusably_UsesTheNextServer(string misbehaviour)
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        IPEndPoint bad = RecursionTree.EndPointOf(tree, "example.", 0);
        var sideways = new ResourceRecord(DomainName.Parse("elsewhere.example."), 3600, new NsRdata(DomainName.Parse("ns1.example.")));
        var channel = RecursionTree.Recording(tree, (reply, server) => !server.Equals(bad) ? reply : misbehaviour switch
        {
            "not authoritative" => reply with { AuthoritativeAnswer = false },
            "sideways referral" => reply with { AuthoritativeAnswer = false, Answers = [], Authorities = [sideways], Additionals = [] },
            _ => reply with { Questions = [new DnsQuestion(DomainName.Parse("www.elsewhere.example."), RecordType.A)] },
        });

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("www.example.", RecordType.A);

        Assert.True(result.Status == DnssecStatus.Secure, result.ToString());
        Assert.True(channel.CountTo(bad) > 0);
        Assert.True(channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 1)) > 0);
    }

    [Fact]
    public async Task Resolve_FirstServerServesOnlyTheRoot_IsTreatedAsLame()
    {
        // ns1.example. answers with an upward referral (it serves the root, not example.): lame, next server.
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        AuthoritativeServer lame = tree.ServerFor("example.", 0);
        lame.RemoveZone(DomainName.Parse("example."));
        lame.SetZone(tree.ServerFor(".").Zones[0]);
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("www.example.", RecordType.A);

        Assert.True(result.Status == DnssecStatus.Secure, result.ToString());
        Assert.True(channel.CountTo(lame.EndPoint) > 0);
    }

    [Fact]
    public async Task Resolve_DeadFirstServer_TimesOutThenUsesTheNextAndTriesItLastAfterwards()
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(Fault.NoAnswer);
        var channel = new RecordingChannel(new NetworkAuthoritativeChannel(RecursionTree.Options(tree, o => o.QueryTimeout = TimeSpan.FromSeconds(1))));
        ValidatingResolver resolver = RecursionTree.Recursive(tree, channel);

        ValidatedLookup first = await resolver.ResolveAsync("www.example.", RecordType.A);
        int deadAfterFirst = channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 0));
        ValidatedLookup second = await resolver.ResolveAsync("missing.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, first.Status);
        Assert.Equal(DnssecStatus.Secure, second.Status);
        Assert.True(deadAfterFirst > 0);
        Assert.Equal(deadAfterFirst, channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 0)));
    }

    [Fact]
    public async Task Resolve_EveryServerDead_IsIndeterminateWithTheReason()
    {
        await using var tree = await RecursionTree.CreateAsync();
        tree.ServerFor("example.").Faults.Add(Fault.Refuse);

        ValidatedLookup result = await RecursionTree.Recursive(tree, RecursionTree.Recording(tree)).ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Contains("Refused", result.Failure!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Query_EndlessReferralChain_FailsClosedWithinTheDepthLimit()
    {
        // Every server refers one label deeper, forever.
        var channel = new ScriptedChannel((query, server) =>
        {
            DomainName qname = query.Question.Name;
            int depth = server.Address.GetAddressBytes()[3];
            DomainName child = qname.GetAncestor(Math.Min(depth, qname.LabelCount));
            return Referral(query, child, [DomainName.Parse($"ns.{child}")], IPAddress.Parse($"127.0.0.{depth + 1}"));
        });
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("127.0.0.1"), 53)]), channel,
            new IterativeResolverOptions { MaxReferralDepth = 5 });
        DomainName deep = DomainName.Parse(string.Join('.', Enumerable.Range(0, 30).Select(i => $"l{i}")) + ".");

        var response = await source.QueryAsync(new DnsQuestion(deep, RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Contains("referrals", response.Failure);
        Assert.True(channel.Queries <= 6, $"{channel.Queries} queries");
    }

    [Fact]
    public async Task Query_ReferralLoop_FailsClosed()
    {
        // The root refers to example.; example.'s servers refer to example. again (sideways): lame, so it ends.
        var channel = new ScriptedChannel((query, server) =>
            Referral(query, DomainName.Parse("example."), [DomainName.Parse("ns.example.")], IPAddress.Parse("127.0.0.2")));
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("127.0.0.1"), 53)]), channel);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.example."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Equal(2, channel.Queries);
    }

    [Fact]
    public async Task Query_ReferralWithManyGluelessNameServers_ResolvesOnlyABoundedNumber()
    {
        // NXNS (CVE-2020-12662): a referral to 100 name-server names without glue, each of which does not exist.
        DomainName[] names = [.. Enumerable.Range(0, 100).Select(i => DomainName.Parse($"ns{i}.victim-zone."))];
        var channel = new ScriptedChannel((query, server) => query.Question.Name.IsSubdomainOf(DomainName.Parse("victim-zone."))
            ? ScriptedChannel.Reply(query, ResponseCode.NXDomain) with { AuthoritativeAnswer = true }
            : Referral(query, DomainName.Parse("attacker."), names, glue: null));
        var options = new IterativeResolverOptions { MaxNameServerNamesResolved = 3 };
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("127.0.0.1"), 53)]), channel, options);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.attacker."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Contains("name-server name limit", response.Failure);
        // One referral, then A and AAAA for at most three names.
        Assert.True(channel.Queries <= 1 + (3 * 2), $"{channel.Queries} queries");
    }

    [Fact]
    public async Task Query_QueryBudget_FailsClosed()
    {
        DomainName[] names = [.. Enumerable.Range(0, 100).Select(i => DomainName.Parse($"ns{i}.victim-zone."))];
        var channel = new ScriptedChannel((query, server) => query.Question.Name.IsSubdomainOf(DomainName.Parse("victim-zone."))
            ? null
            : Referral(query, DomainName.Parse("attacker."), names, glue: null));
        var options = new IterativeResolverOptions { MaxQueriesPerLookup = 5, MaxNameServerNamesResolved = 50 };
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("127.0.0.1"), 53)]), channel, options);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.attacker."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Contains("query limit", response.Failure);
        Assert.True(channel.Queries <= 5, $"{channel.Queries} queries");
    }

    [Fact]
    public async Task Resolve_QnameMinimisation_SameVerdictAndEachZoneSeesOnlyTheNextLabel()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var plainChannel = RecursionTree.Recording(tree);
        var minimisedChannel = RecursionTree.Recording(tree);

        ValidatedLookup plain = await RecursionTree.Recursive(tree, plainChannel).ResolveAsync("host.sub.example.", RecordType.A);
        ValidatedLookup minimised = await RecursionTree.Recursive(tree, minimisedChannel, RecursionTree.Options(tree, o => o.QnameMinimisation = true))
            .ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(plain.Status, minimised.Status);
        Assert.Equal(plain.Answers.AsEnumerable(), minimised.Answers.AsEnumerable());
        Assert.Contains(plainChannel.Sent, s => s.Server.Equals(tree.RootEndPoints[0]) && s.Question.Name.LabelCount == 3);
        Assert.All(minimisedChannel.Sent.Where(s => s.Server.Equals(tree.RootEndPoints[0])), s => Assert.True(s.Question.Name.LabelCount <= 1, s.Question.ToString()));
        Assert.All(minimisedChannel.Sent.Where(s => s.Server.Equals(RecursionTree.EndPointOf(tree, "example."))), s => Assert.True(s.Question.Name.LabelCount <= 2, s.Question.ToString()));
    }

    [Fact]
    public async Task Resolve_QnameMinimisationOnNonexistentName_IsSecureNxdomain()
    {
        await using var tree = await RecursionTree.CreateAsync();

        ValidatedLookup result = await RecursionTree.Recursive(tree, RecursionTree.Recording(tree), RecursionTree.Options(tree, o => o.QnameMinimisation = true))
            .ResolveAsync("a.b.missing.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
    }

    [Fact]
    public async Task Resolve_RandomizedCase_SameVerdictAndMixedCaseOnTheWire()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel, RecursionTree.Options(tree, o => o.RandomizeCase = true))
            .ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(RecursionTree.HostSub, Assert.Single(result.RecordsOf<ARdata>()).Address);
        Assert.Contains(channel.Sent, s => s.Question.Name.ToString().Any(char.IsUpper));
    }

    [Fact]
    public async Task Resolve_RandomizedCaseNotEchoed_IsIndeterminate()
    {
        await using var tree = await RecursionTree.CreateAsync();
        // A forger that does not see the query answers with the name in lower case.
        var channel = RecursionTree.Recording(tree, (reply, _) => reply with { Questions = [.. reply.Questions.Select(q => q with { Name = q.Name.ToLowerCase() })] });

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel, RecursionTree.Options(tree, o => o.RandomizeCase = true))
            .ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Contains("case", result.Failure!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_RepeatedQuestion_IsAnsweredFromTheCache()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var channel = RecursionTree.Recording(tree);
        var source = new IterativeDataSource(RootHints.FromEndPoints(tree.RootEndPoints), channel, RecursionTree.Options(tree));
        var question = new DnsQuestion(DomainName.Parse("host.sub.example."), RecordType.A);

        var first = await source.QueryAsync(question);
        int sent = channel.Sent.Count;
        var second = await source.QueryAsync(question);
        var sibling = await source.QueryAsync(new DnsQuestion(DomainName.Parse("missing.sub.example."), RecordType.A));

        Assert.True(first.HasMessage && second.HasMessage && sibling.HasMessage);
        Assert.Equal(sent, channel.Sent.Count - 1); // the sibling needed one query: the delegation was cached
        Assert.Equal(RecursionTree.EndPointOf(tree, "sub.example."), channel.Sent[^1].Server);
        Assert.True(first.Message!.Answers.Any(r => r.Type == RecordType.RRSIG));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("169.254.1.1")]
    [InlineData("::")]
    [InlineData("ff02::1")]
    [InlineData("fe80::1")]
    public async Task Query_GlueThatIsNotAUnicastAddress_IsNeverQueried(string address)
    {
        IPAddress bad = IPAddress.Parse(address);
        var asked = new List<IPEndPoint>();
        var channel = new ScriptedChannel((query, server) =>
        {
            asked.Add(server);
            return Referral(query, DomainName.Parse("example."), [DomainName.Parse("ns.example.")], bad);
        });
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("127.0.0.1"), 53)]), channel);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.example."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.DoesNotContain(asked, s => s.Address.Equals(bad));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Query_LoopbackGlueWhenTheRootIsNotOnLoopback_IsNeverQueried(string address)
    {
        // A referral must not turn the resolver against its own host (Unbound's do-not-query-localhost). The channel is
        // scripted: nothing is sent to the documentation-range root address.
        var asked = new List<IPEndPoint>();
        var channel = new ScriptedChannel((query, server) =>
        {
            asked.Add(server);
            return Referral(query, DomainName.Parse("example."), [DomainName.Parse("ns.example.")], IPAddress.Parse(address));
        });
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53)]), channel);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.example."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.DoesNotContain(asked, s => IPAddress.IsLoopback(s.Address));
    }

    [Fact]
    public async Task Query_OutOfBailiwickNameServerResolvingToLoopback_IsNeverQueried()
    {
        // The name server's name is outside the referring zone: its address is resolved separately, and an address that
        // may not be queried is dropped there too.
        var asked = new List<IPEndPoint>();
        DomainName nsName = DomainName.Parse("ns.elsewhere.");
        var channel = new ScriptedChannel((query, server) =>
        {
            asked.Add(server);
            return query.Question.Name == nsName
                ? ScriptedChannel.Reply(query) with { AuthoritativeAnswer = true, Answers = query.Question.Type == RecordType.A ? [new ResourceRecord(nsName, 3600, new ARdata(IPAddress.Loopback))] : [] }
                : Referral(query, DomainName.Parse("example."), [nsName], glue: null);
        });
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53)]), channel);

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("www.example."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Contains(asked, s => s.Address.Equals(IPAddress.Parse("192.0.2.53")));
        Assert.DoesNotContain(asked, s => IPAddress.IsLoopback(s.Address));
    }

    [Fact]
    public async Task Resolve_DeadServerAfterItsBackOff_IsProbedAgain()
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(Fault.NoAnswer);
        var time = new ShiftedTimeProvider();
        var channel = new RecordingChannel(new NetworkAuthoritativeChannel(RecursionTree.Options(tree, o => o.QueryTimeout = TimeSpan.FromSeconds(1))));
        ValidatingResolverOptions options = RecursionTree.ResolverOptions(tree, channel, RecursionTree.Options(tree, o => o.UnresponsiveServerHoldDown = TimeSpan.FromSeconds(30)));

        // The later names must reach the servers: without this, RFC 8198 would answer them from the first NXDOMAIN's NSEC.
        options.AggressiveNsec = false;
        ValidatingResolver resolver = ValidatingResolver.CreateRecursive(tree.TrustAnchorStore, options, time);
        IPEndPoint dead = RecursionTree.EndPointOf(tree, "example.", 0);

        await resolver.ResolveAsync("www.example.", RecordType.A);
        int afterFirst = channel.CountTo(dead);
        await resolver.ResolveAsync("missing.example.", RecordType.A);
        int duringBackOff = channel.CountTo(dead);
        tree.ServerFor("example.", 0).Faults.Clear();
        time.Advance(TimeSpan.FromSeconds(31));
        ValidatedLookup after = await resolver.ResolveAsync("missing2.example.", RecordType.A);

        Assert.True(afterFirst > 0);
        Assert.Equal(afterFirst, duringBackOff);
        Assert.True(after.Status == DnssecStatus.Secure, after.ToString());
        Assert.True(channel.CountTo(dead) > duringBackOff, "the server was not probed again after its back-off");
    }

    private static DnsMessage Referral(DnsMessage query, DomainName child, DomainName[] nameServers, IPAddress? glue) =>
        ScriptedChannel.Reply(query) with
        {
            Authorities = [.. nameServers.Select(n => new ResourceRecord(child, 3600, new NsRdata(n)))],
            Additionals = glue is null ? [] : [.. nameServers.Select(n => new ResourceRecord(n, 3600,
                glue.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new AaaaRdata(glue) : new ARdata(glue)))],
        };
}
