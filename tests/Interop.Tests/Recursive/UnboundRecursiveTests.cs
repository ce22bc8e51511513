using System.Net;
using DnsSecure.Interop.Tests.Support;
using Xunit.Abstractions;

namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>
/// The reference side of the recursive differential: Unbound iterating from the private root hints of
/// <see cref="RecursiveHierarchy"/> (real NSD servers, one per zone, port 53) gives every scenario the verdict the
/// hierarchy was built for. If this fails, the hierarchy, not our resolver, is wrong.
/// </summary>
public class UnboundRecursiveTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hierarchy_UnboundFromRootHints_GivesEveryBuiltVerdict()
    {
        await using RecursiveHierarchy hierarchy = await RecursiveHierarchy.StartAsync();
        await using UnboundServer unbound = await UnboundServer.StartAsync(new IPEndPoint(hierarchy.RootServer, 53), [hierarchy.RootKsk], rootHints: [hierarchy.RootServer]);

        var wrong = new List<string>();
        foreach (var s in RecursiveScenarios.All)
        {
            DnsMessage answer = await LoopbackDnsClient.QueryAsync(unbound.Endpoint, s.Name, s.Type);
            string line = $"{s.Name} {s.Type} ({s.What}): unbound {answer.ResponseCode}{(answer.AuthenticData ? "+AD" : "")}, built for {s.Verdict} {s.Rcode}";
            output.WriteLine(line);
            if (RecursiveScenarios.Of(answer) != s.Verdict || answer.ResponseCode != s.Rcode)
            {
                wrong.Add(line);
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\nUnbound:\n" + unbound.Output);
    }
}
