using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Interop.Tests.Support;
using DnsSecure.Resolution;
using DnsSecure.Transport;
using Xunit.Abstractions;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>
/// Our validating resolver (stub mode, through a non-validating Unbound) against a validating Unbound with the same private
/// anchor, on a BIND-signed hierarchy served by NSD: the verdict must be Unbound's for every scenario.
/// </summary>
public class ValidatorDifferentialTests(ITestOutputHelper output)
{
    public static TheoryData<string, RecordType> Scenarios => new()
    {
        { "www.example.", RecordType.A },
        { "_443._tcp.www.example.", RecordType.TLSA },
        { "nx.example.", RecordType.A },
        { "www.example.", RecordType.TXT },
        { "a.wild.example.", RecordType.A },
        { "alias.example.", RecordType.A },
        { "host.insecure.example.", RecordType.A },
        { "nx.insecure.example.", RecordType.A },
        { "www.bad.example.", RecordType.A },
        { "www.expired.example.", RecordType.A },
        { "www.nsec3.", RecordType.A },
        { "nx.nsec3.", RecordType.A },
        { "www.nsec3.", RecordType.TXT },
        { "nonexistent-tld.", RecordType.A },
    };

    [Fact]
    public async Task EveryScenario_VerdictEqualsUnbounds()
    {
        using var dir = new TempDirectory();
        BindHierarchy hierarchy = await BindHierarchy.BuildAsync(dir);
        await using var nsd = await NsdServer.StartAsync(hierarchy.Zones);
        await using var reference = await UnboundServer.StartAsync(nsd.Endpoint, [hierarchy.RootKsk], stubZones: hierarchy.Zones.Select(z => z.Origin));
        await using var upstream = await UnboundServer.StartAsync(nsd.Endpoint, [], validating: false, stubZones: hierarchy.Zones.Select(z => z.Origin));

        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(upstream.Endpoint));
        await using var stub = new StubResolver(stubOptions);
        var anchors = TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(hierarchy.RootKsk));
        var resolver = new ValidatingResolver(new StubDataSource(stub), anchors);

        var disagreements = new List<string>();
        foreach (var row in Scenarios)
        {
            string name = (string)row[0];
            var type = (RecordType)row[1];
            DnsMessage unbound = await LoopbackDnsClient.QueryAsync(reference.Endpoint, name, type);
            DnssecStatus expected = unbound.ResponseCode == ResponseCode.ServFail ? DnssecStatus.Bogus
                : unbound.AuthenticData ? DnssecStatus.Secure : DnssecStatus.Insecure;
            ValidatedLookup ours = await resolver.ResolveAsync(name, type);
            string line = $"{name} {type}: unbound {unbound.ResponseCode}{(unbound.AuthenticData ? "+AD" : "")} → {expected}; ours {ours}";
            output.WriteLine(line);
            if (ours.Status != expected || (expected != DnssecStatus.Bogus && ours.ResponseCode != unbound.ResponseCode))
            {
                disagreements.Add(line);
            }
        }

        if (disagreements.Count > 0)
        {
            output.WriteLine((await LoopbackDnsClient.QueryAsync(nsd.Endpoint, "www.nsec3.", RecordType.A)).ToString());
            output.WriteLine((await LoopbackDnsClient.QueryAsync(nsd.Endpoint, "nsec3.", RecordType.DNSKEY)).ToString());
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements) + "\nNSD:\n" + nsd.Output + "\nUnbound:\n" + reference.Output);
    }
}
