using System.Net;
using DnsSecure.Recursion;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Recursion;

public sealed class RootHintsTests
{
    [Fact]
    public void Iana_HasThirteenServersWithIpv4AndIpv6OnPort53()
    {
        RootHints hints = RootHints.Iana;

        Assert.Equal(13, hints.Names.Length);
        Assert.Contains(DomainName.Parse("a.root-servers.net."), hints.Names);
        Assert.Equal(13, hints.EndPoints.Count(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork));
        Assert.Equal(13, hints.EndPoints.Count(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6));
        Assert.All(hints.EndPoints, e => Assert.Equal(53, e.Port));
        Assert.Contains(new IPEndPoint(IPAddress.Parse("198.41.0.4"), 53), hints.EndPoints);
        Assert.Contains(new IPEndPoint(IPAddress.Parse("170.247.170.2"), 53), hints.EndPoints);
    }

    [Fact]
    public void Parse_NamedRootFile_KeepsOnlyRootServerAddressesIpv4First()
    {
        const string text = """
            ;       This file holds the information on root name servers
            .                        3600000      NS    X.ROOT.TEST.
            X.ROOT.TEST.             3600000      AAAA  ::1
            X.ROOT.TEST.             3600000      A     127.0.0.53
            ELSEWHERE.TEST.          3600000      A     127.0.0.99
            """;

        RootHints hints = RootHints.Parse(text, port: 5353);

        Assert.Equal([DomainName.Parse("x.root.test.")], hints.Names.AsEnumerable());
        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.53"), 5353), new IPEndPoint(IPAddress.IPv6Loopback, 5353)], hints.EndPoints.AsEnumerable());
    }

    [Fact]
    public void Parse_NoAddressForAnyRootServer_Throws()
    {
        Assert.Throws<DnsFormatException>(() => RootHints.Parse(". 3600000 NS x.root.test.\nother.test. 3600000 A 127.0.0.1"));
    }

    [Fact]
    public void FromEndPoints_KeepsPortsAndOrder()
    {
        IPEndPoint[] endPoints = [new(IPAddress.Parse("127.0.0.2"), 1053), new(IPAddress.Parse("127.0.0.3"), 2053)];

        RootHints hints = RootHints.FromEndPoints(endPoints);

        Assert.Equal(endPoints, hints.EndPoints.AsEnumerable());
        Assert.Empty(hints.Names);
    }

    [Fact]
    public void FromEndPoints_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => RootHints.FromEndPoints([]));
    }
}
