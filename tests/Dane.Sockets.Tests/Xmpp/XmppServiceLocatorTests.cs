using DaneSockets.StartTls;
using DaneSockets.Tests.Support;
using DaneSockets.Xmpp;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Testing.Server;

namespace DaneSockets.Tests.Xmpp;

/// <summary>SRV location of XMPP services (RFC 6120 §3.2, RFC 7673 §3.1, RFC 7590) over a private signed tree.</summary>
public sealed class XmppServiceLocatorTests
{
    [Fact]
    public async Task Locate_SecureSrv_OrdersByPriorityAndMarksDirectTls()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("_xmpp-client._tcp IN SRV 20 0 5222 b.example.")
            .WithRecord("_xmpp-client._tcp IN SRV 10 0 5223 a.example.")
            .WithRecord("_xmpps-client._tcp IN SRV 15 0 5224 c.example."));
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example");

        Assert.Equal(DnssecStatus.Secure, location.SrvStatus);
        Assert.False(location.IsFallback);
        Assert.Equal(["a.example.:5223", "c.example.:5224 (direct TLS)", "b.example.:5222"], location.Endpoints.Select(e => $"{e.Host}:{e.Port}{(e.DirectTls ? " (direct TLS)" : "")}"));
        Assert.All(location.Endpoints, e => Assert.True(e.IsSecure));
    }

    [Fact]
    public async Task Locate_ServerStreams_AskForXmppServer()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("_xmpp-client._tcp IN SRV 0 0 5222 client.example.")
            .WithRecord("_xmpp-server._tcp IN SRV 0 0 5269 server.example."));
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example", XmppStreamKind.Server);

        XmppEndpoint endpoint = Assert.Single(location.Endpoints);
        Assert.Equal(DomainName.Parse("server.example."), endpoint.Host);
    }

    [Fact]
    public async Task Locate_NoSrv_FallsBackToTheDomainOnPort5222()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("www IN A 127.0.0.1"));
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example");

        Assert.True(location.IsFallback);
        XmppEndpoint endpoint = Assert.Single(location.Endpoints);
        Assert.Equal((DomainName.Parse("example."), XmppServiceLocator.ClientPort, false, true), (endpoint.Host, endpoint.Port, endpoint.DirectTls, endpoint.IsSecure));
    }

    [Fact]
    public async Task Locate_BogusSrv_MustAbortWithoutEndpoints()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("_xmpp-client._tcp IN SRV 0 0 5222 xmpp.example."));
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example");

        Assert.True(location.MustAbort);
        Assert.Equal(DnssecStatus.Bogus, location.SrvStatus);
        Assert.Empty(location.Endpoints);
    }

    [Fact]
    public async Task Locate_UnsignedZone_EndpointsAreNotSecure()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").Unsigned().WithRecord("_xmpp-client._tcp IN SRV 0 0 5222 xmpp.example."));
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example");

        Assert.Equal(DnssecStatus.Insecure, location.SrvStatus);
        Assert.False(Assert.Single(location.Endpoints).IsSecure);
    }

    [Fact]
    public async Task Locate_RootTarget_ServiceIsUnavailable()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("_xmpp-client._tcp IN SRV 0 0 0 ."));
        var locator = new XmppServiceLocator(dns.Targets.Resolver);

        XmppServiceLocation location = await locator.LocateAsync("example", directTls: false);

        Assert.True(location.IsUnavailable);
        Assert.Empty(location.Endpoints);
    }

    [Fact]
    public void Order_EqualPriority_HeavierWeightUsuallyFirstAndZeroWeightRarely()
    {
        XmppEndpoint light = Endpoint("light", priority: 1, weight: 0);
        XmppEndpoint heavy = Endpoint("heavy", priority: 1, weight: 100);
        var random = new Random(7);
        int heavyFirst = 0;

        for (int i = 0; i < 1000; i++)
        {
            heavyFirst += XmppServiceLocator.Order([light, heavy], random)[0] == heavy ? 1 : 0;
        }

        // RFC 2782: the zero-weight record is chosen first only when the draw is exactly 0 (1 in 101).
        Assert.InRange(heavyFirst, 950, 999);
    }

    [Fact]
    public void Order_Weights_SplitTheFirstPlaceInProportion()
    {
        XmppEndpoint one = Endpoint("one", priority: 5, weight: 10);
        XmppEndpoint three = Endpoint("three", priority: 5, weight: 30);
        XmppEndpoint later = Endpoint("later", priority: 6, weight: 1000);
        var random = new Random(11);
        int threeFirst = 0;

        for (int i = 0; i < 4000; i++)
        {
            var order = XmppServiceLocator.Order([one, later, three], random);
            Assert.Equal(later, order[2]);
            threeFirst += order[0] == three ? 1 : 0;
        }

        Assert.InRange(threeFirst, 2800, 3200);
    }

    private static XmppEndpoint Endpoint(string name, ushort priority, ushort weight) =>
        new(DomainName.Parse(name + ".example."), 5222, DirectTls: false, priority, weight, IsSecure: true);
}
