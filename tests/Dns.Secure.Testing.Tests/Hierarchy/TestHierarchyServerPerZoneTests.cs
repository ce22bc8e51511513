using System.Net;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;

namespace DnsSecure.Testing.Tests.Hierarchy;

public sealed class TestHierarchyServerPerZoneTests
{
    [Fact]
    public async Task CreateAsync_ServerPerZone_EachZoneHasItsOwnAddressOnOneSharedPort()
    {
        await using var tree = await TestHierarchy.CreateAsync(b =>
        {
            b.ServerPerZone = true;
            b.AddZone("example.").WithNameServers(2);
            b.AddZone("sub.example.");
        });

        var all = tree.Servers.ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(4, all.Select(s => s.EndPoint.Address).Distinct().Count());
        Assert.All(all, s => Assert.Equal(tree.Port, s.EndPoint.Port));
        Assert.All(all, s => Assert.True(IPAddress.IsLoopback(s.EndPoint.Address)));
        Assert.Equal(2, tree.ZoneServers[DomainName.Parse("example.")].Length);
        Assert.Equal(tree.RootEndPoints[0], tree.EndPoint);
    }

    [Fact]
    public async Task CreateAsync_ServerPerZone_ParentRefersWithGlueToTheChildsServers()
    {
        await using var tree = await TestHierarchy.CreateAsync(b =>
        {
            b.ServerPerZone = true;
            b.AddZone("example.").WithNameServers(2).WithAddress(IPAddress.Parse("192.0.2.1"), "www");
        });
        DnsMessage referral = await DnsTestClient.UdpAsync(tree.EndPoint, DnsTestClient.Query("www.example.", RecordType.A));
        DnsMessage answer = await DnsTestClient.UdpAsync(tree.ServerFor("example.", 1).EndPoint, DnsTestClient.Query("www.example.", RecordType.A));

        Assert.False(referral.AuthoritativeAnswer);
        Assert.Equal(2, referral.Authorities.Count(r => r.Type == RecordType.NS));
        var glue = referral.Additionals.Select(r => r.Data).OfType<ARdata>().Select(a => a.Address).ToHashSet();
        Assert.Contains(tree.ServerFor("example.", 0).EndPoint.Address, glue);
        Assert.Contains(tree.ServerFor("example.", 1).EndPoint.Address, glue);
        Assert.True(answer.AuthoritativeAnswer);
        Assert.Contains(answer.Answers, r => r.Data is ARdata a && a.Address.Equals(IPAddress.Parse("192.0.2.1")));
    }
}
