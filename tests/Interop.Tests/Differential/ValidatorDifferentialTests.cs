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
/// anchor, on one BIND-signed hierarchy served by NSD (<see cref="BindHierarchy"/>): the verdict must be Unbound's for every
/// scenario. Each scenario also names the verdict it is built to produce, so a scenario that is built wrong (Unbound and we
/// agreeing on something else) fails too. <c>delv</c> is asked as well; where it differs from Unbound, that is reported, not failed.
/// </summary>
public class ValidatorDifferentialTests(ITestOutputHelper output)
{
    /// <summary>Question, the verdict the scenario is built for, and what it exercises.</summary>
    public static IReadOnlyList<(string Name, RecordType Type, DnssecStatus Intended, string What)> Scenarios { get; } =
    [
        ("www.example.", RecordType.A, DnssecStatus.Secure, "signed answer, NSEC zone"),
        ("_443._tcp.www.example.", RecordType.TLSA, DnssecStatus.Secure, "signed TLSA"),
        ("nx.example.", RecordType.A, DnssecStatus.Secure, "NXDOMAIN, NSEC"),
        ("www.example.", RecordType.TXT, DnssecStatus.Secure, "NODATA, NSEC"),
        ("a.wild.example.", RecordType.A, DnssecStatus.Secure, "wildcard expansion, NSEC"),
        ("alias.example.", RecordType.A, DnssecStatus.Secure, "CNAME in the zone"),
        ("tosigned.example.", RecordType.A, DnssecStatus.Secure, "CNAME signed → signed (alg8.)"),
        ("tounsigned.example.", RecordType.A, DnssecStatus.Insecure, "CNAME signed → unsigned (insecure.example.)"),
        ("tobogus.example.", RecordType.A, DnssecStatus.Bogus, "CNAME signed → bogus (bad.example.)"),
        ("host.insecure.example.", RecordType.A, DnssecStatus.Insecure, "insecure delegation, answer"),
        ("nx.insecure.example.", RecordType.A, DnssecStatus.Insecure, "insecure delegation, NXDOMAIN"),
        ("www.bad.example.", RecordType.A, DnssecStatus.Bogus, "tampered data"),
        ("www.expired.example.", RecordType.A, DnssecStatus.Bogus, "expired signatures"),
        ("www.future.example.", RecordType.A, DnssecStatus.Bogus, "signatures not yet valid"),
        ("www.dsmismatch.example.", RecordType.A, DnssecStatus.Bogus, "DS does not match the child's key"),
        ("www.nokey.example.", RecordType.A, DnssecStatus.Bogus, "child's DNSKEY RRset missing"),
        ("www.stripped.example.", RecordType.A, DnssecStatus.Bogus, "RRSIG stripped below a signed delegation"),
        ("www.unsupported.example.", RecordType.A, DnssecStatus.Insecure, "DS set with only an unsupported algorithm"),
        ("www.alg8.", RecordType.A, DnssecStatus.Secure, "RSASHA256"),
        ("nx.alg8.", RecordType.A, DnssecStatus.Secure, "RSASHA256 NXDOMAIN"),
        ("www.alg10.", RecordType.A, DnssecStatus.Secure, "RSASHA512"),
        ("www.alg13.", RecordType.A, DnssecStatus.Secure, "ECDSAP256SHA256"),
        ("www.alg14.", RecordType.A, DnssecStatus.Secure, "ECDSAP384SHA384"),
        ("nx.alg14.", RecordType.A, DnssecStatus.Secure, "ECDSAP384SHA384 NXDOMAIN"),
        ("www.alg15.", RecordType.A, DnssecStatus.Secure, "ED25519"),
        ("www.alg15.", RecordType.TXT, DnssecStatus.Secure, "ED25519 NODATA"),
        ("www.alg16.", RecordType.A, DnssecStatus.Secure, "ED448"),
        ("nx.alg16.", RecordType.A, DnssecStatus.Secure, "ED448 NXDOMAIN"),
        ("www.nsec3.", RecordType.A, DnssecStatus.Secure, "NSEC3 zone answer"),
        ("nx.nsec3.", RecordType.A, DnssecStatus.Secure, "NXDOMAIN, NSEC3"),
        ("www.nsec3.", RecordType.TXT, DnssecStatus.Secure, "NODATA, NSEC3"),
        ("a.wild.nsec3.", RecordType.A, DnssecStatus.Secure, "wildcard expansion, NSEC3"),
        ("a.wild.nsec3.", RecordType.TXT, DnssecStatus.Secure, "wildcard NODATA, NSEC3"),
        ("www.optout.", RecordType.A, DnssecStatus.Secure, "answer in an opt-out zone"),
        ("host.unsigned.optout.", RecordType.A, DnssecStatus.Insecure, "insecure delegation inside an opt-out span"),
        ("nx.optout.", RecordType.A, DnssecStatus.Insecure, "NXDOMAIN, next closer covered by an opt-out NSEC3 (RFC 5155 §9.2)"),
        ("www.iter.", RecordType.A, DnssecStatus.Secure, "positive answer, NSEC3 with 200 iterations"),
        ("nx.iter.", RecordType.A, DnssecStatus.Insecure, "NXDOMAIN, NSEC3 with 200 iterations (RFC 9276)"),
        ("www.iter.", RecordType.TXT, DnssecStatus.Insecure, "NODATA, NSEC3 with 200 iterations (RFC 9276)"),
        ("nonexistent-tld.", RecordType.A, DnssecStatus.Secure, "NXDOMAIN at the root"),
        ("www.child.iter.", RecordType.A, DnssecStatus.Bogus, "DS set whose only DS has a digest too short for its type"),
    ];

    [Fact]
    public async Task EveryScenario_VerdictEqualsUnbounds()
    {
        using var dir = new TempDirectory();
        BindHierarchy hierarchy = await BindHierarchy.BuildAsync(dir);
        await using var nsd = await NsdServer.StartAsync(hierarchy.Zones);
        await using var reference = await UnboundServer.StartAsync(nsd.Endpoint, [hierarchy.RootKsk], stubZones: hierarchy.Zones.Select(z => z.Origin));
        await using var upstream = await UnboundServer.StartAsync(nsd.Endpoint, [], validating: false, stubZones: hierarchy.Zones.Select(z => z.Origin));
        DelvClient delv = DelvClient.Create(dir, upstream.Endpoint, hierarchy.RootKsk);

        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(upstream.Endpoint));
        await using var stub = new StubResolver(stubOptions);
        var anchors = TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(hierarchy.RootKsk));
        var resolver = new ValidatingResolver(new StubDataSource(stub), anchors);

        var disagreements = new List<string>();
        foreach ((string name, RecordType type, DnssecStatus intended, string what) in Scenarios)
        {
            DnsMessage unbound = await LoopbackDnsClient.QueryAsync(reference.Endpoint, name, type);
            DnssecStatus expected = unbound.ResponseCode == ResponseCode.ServFail ? DnssecStatus.Bogus
                : unbound.AuthenticData ? DnssecStatus.Secure : DnssecStatus.Insecure;
            ValidatedLookup ours = await resolver.ResolveAsync(name, type);
            (DnssecStatus delvStatus, string delvOutput) = await delv.QueryAsync(name, type);
            string line = $"{name} {type.ToText()} ({what}): unbound {unbound.ResponseCode}{(unbound.AuthenticData ? "+AD" : "")} → {expected}; delv {delvStatus}; ours {ours}";
            output.WriteLine(line);
            if (delvStatus != expected)
            {
                output.WriteLine("  delv differs from Unbound:\n  " + delvOutput.Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            if (ours.Status != expected || (expected != DnssecStatus.Bogus && ours.ResponseCode != unbound.ResponseCode))
            {
                disagreements.Add(line);
            }
            else if (expected != intended)
            {
                disagreements.Add($"scenario built wrong, intended {intended}: {line}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements) + "\nUnbound:\n" + reference.Output);
    }
}
