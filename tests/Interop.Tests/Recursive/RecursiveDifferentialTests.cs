using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Interop.Tests.Support;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using Xunit.Abstractions;

namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>
/// Recursive mode against Unbound on a hierarchy of real authoritative servers (<see cref="RecursiveHierarchy"/>):
/// Unbound, iterating from the private root hints, must give each scenario the verdict the hierarchy was built for
/// (else the hierarchy is wrong), and our iterative resolver must give Unbound's verdict and RCODE.
/// </summary>
public class RecursiveDifferentialTests(RecursiveFixture fixture, ITestOutputHelper output) : IClassFixture<RecursiveFixture>
{
    [Fact]
    public async Task Unbound_FromRootHints_GivesEveryBuiltVerdict()
    {
        var wrong = new List<string>();
        foreach (var s in RecursiveScenarios.All)
        {
            DnsMessage answer = await LoopbackDnsClient.QueryAsync(fixture.Unbound.Endpoint, s.Name, s.Type);
            string line = $"{s.Name} {s.Type} ({s.What}): unbound {answer.ResponseCode}{(answer.AuthenticData ? "+AD" : "")}, built for {s.Verdict} {s.Rcode}";
            output.WriteLine(line);
            if (RecursiveScenarios.Of(answer) != s.Verdict || answer.ResponseCode != s.Rcode)
            {
                wrong.Add(line);
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\nUnbound:\n" + fixture.Unbound.Output);
    }

    [Fact]
    public async Task Ours_FromRootHints_VerdictAndRcodeEqualUnbounds()
    {
        await using var channel = new NetworkAuthoritativeChannel();
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(fixture.Hierarchy.RootServer, 53)]), channel);
        var resolver = new ValidatingResolver(source, TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(fixture.Hierarchy.RootKsk)));

        var disagreements = new List<string>();
        foreach (var s in RecursiveScenarios.All)
        {
            DnsMessage unbound = await LoopbackDnsClient.QueryAsync(fixture.Unbound.Endpoint, s.Name, s.Type);
            long before = source.QueriesSent;
            ValidatedLookup ours = await resolver.ResolveAsync(s.Name, s.Type);
            string expected = Answer(unbound.ResponseCode, unbound.AuthenticData);
            string actual = ours.Status is DnssecStatus.Bogus or DnssecStatus.Indeterminate
                ? Answer(ResponseCode.ServFail, false) : Answer(ours.ResponseCode, ours.Status == DnssecStatus.Secure);
            string line = $"{s.Name} {s.Type} ({s.What}): unbound {expected}, ours {actual} — {ours} ({source.QueriesSent - before} queries)";
            output.WriteLine(line);
            if (expected != actual)
            {
                disagreements.Add(line);
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    private static string Answer(ResponseCode rcode, bool ad) => $"{rcode}{(ad ? "+AD" : "")}";
}
