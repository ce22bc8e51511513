using DnsSecure.Interop.Tests.Support;
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
}
