using System.Net;
using System.Security.Cryptography.X509Certificates;
using Adversarial.Tests.Attackers;
using Adversarial.Tests.Support;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;

namespace Adversarial.Tests.Dns;

/// <summary>
/// RFC 3833 §2.5 (authenticated denial and wildcards) and the DNSSEC downgrades: whatever the attacker removes,
/// adds or replays, a signed zone's data is never reported secure unless it is, never insecure, and a TLSA lookup
/// under attack never turns DANE into a PKIX fallback.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class DowngradeTests(ITestOutputHelper output)
{
    private static readonly IPAddress Real = IPAddress.Loopback;
    private static readonly DaneTlsOptions Opportunistic = new() { Policy = DanePolicy.Opportunistic };

    public static TheoryData<string> Strippings() => ["rrsig", "dnskey", "ds", "all-dnssec", "edns", "formerr-on-edns"];

    [Theory]
    [MemberData(nameof(Strippings))]
    public async Task StrippedDnssec_IsBogusOrIndeterminate_NeverInsecure_AndDaneIsNotRelaxed(string what)
    {
        using X509Certificate2 cert = TestCertificates.CreateLeaf("www.example");
        await using var server = LoopbackTlsServer.StartHttp(cert);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"), lying: true);
        DomainName example = DomainName.Parse("example.");
        switch (what)
        {
            case "rrsig":
                tree.Hierarchy.Server.Faults.AddForZone(example, Fault.DropSignatures);
                break;
            case "all-dnssec":
                tree.Hierarchy.Server.Faults.AddForZone(example, Fault.StripDnssec);
                break;
            case "formerr-on-edns":
                tree.Hierarchy.Server.Faults.Add(Fault.FormErrOnEdns);
                break;
            case "dnskey":
                tree.Lying.Rewrite = (q, real) => q.Question.Type == RecordType.DNSKEY && q.Question.Name == example ? real with { Answers = [] } : real;
                break;
            case "ds":
                tree.Lying.Rewrite = (q, real) => q.Question.Type == RecordType.DS && q.Question.Name == example ? real with { Answers = [], Authorities = [] } : real;
                break;
            case "edns":
                // A pre-EDNS middlebox: no OPT, and with it no DNSSEC records.
                tree.Lying.Rewrite = (_, real) => real with
                {
                    Edns = null,
                    Answers = [.. real.Answers.Where(r => !IsDnssec(r.Type))],
                    Authorities = [.. real.Authorities.Where(r => !IsDnssec(r.Type))],
                    Additionals = [.. real.Additionals.Where(r => !IsDnssec(r.Type))],
                };
                break;
        }

        var attack = Attack.Begin($"downgrade: stripped {what}", output);
        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync($"_{server.Port}._tcp.www.example.", RecordType.TLSA).AsTask());
            attack.Judge(r.Status is DnssecStatus.Bogus or DnssecStatus.Indeterminate, Truth.Describe(r));
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, "www.example", server.Port, Opportunistic));
            attack.Judge(dane.Accepted is null, dane.ToString());
        }

        attack.Complete();
        Assert.Equal(0, server.Handshakes);
    }

    [Fact]
    public async Task AuthenticDataFromAnUntrustedUpstream_OnUnsignedOrForgedData_IsIgnored()
    {
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), lying: true);
        // The upstream swears it validated: AD=1 on every answer, with the signatures gone and the address changed.
        tree.Lying.Rewrite = (_, real) => real with
        {
            AuthenticData = true,
            Answers = [.. real.Answers.Where(r => r.Type != RecordType.RRSIG).Select(r => r.Data is ARdata ? r with { Data = new ARdata(Truth.Forged) } : r)],
        };
        var attack = Attack.Begin("downgrade: AD=1 from an untrusted upstream", output);

        ValidatedLookup last = null!;
        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            last = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!last.IsSecure, Truth.Describe(last));
        }

        attack.Complete();

        // The AD bit is ignored and the stripped signatures are noticed: an upstream that delivers no DNSSEC data (its root
        // DNSKEY comes without RRSIGs) is "cannot tell" — Indeterminate, EDE 10 (issue 5) — never Secure or Insecure.
        Assert.Equal(DnssecStatus.Indeterminate, last.Status);
        Assert.Equal(ValidationFailureKind.MissingSignature, last.Failure?.Kind);
    }

    [Fact]
    public async Task AlgorithmDowngrade_DsForEcdsaAndOnlyRsaSha1Signatures_IsBogus()
    {
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), lying: true);
        // The attacker's own copy of example., signed with its keys and a weak algorithm.
        await using TestHierarchy fake = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithAlgorithm(DnssecAlgorithm.RsaSha1).WithAddress(Truth.Forged, "www"));
        DnsMessage fakeKeys = await SignedTree.AskAsync(fake.EndPoint, DomainName.Parse("example."), RecordType.DNSKEY);
        DnsMessage fakeAnswer = await SignedTree.AskAsync(fake.EndPoint, DomainName.Parse("www.example."), RecordType.A);
        DnsMessage realKeys = await tree.AskServerAsync("example.", RecordType.DNSKEY);
        var attack = Attack.Begin("downgrade: algorithm (DS alg 13, only alg 5 signatures)", output);

        foreach (string variant in new[] { "fake keys", "real and fake keys", "real keys, fake signatures" })
        {
            tree.Lying.Rewrite = (q, real) => (q.Question.Type, variant) switch
            {
                (RecordType.A, _) when q.Question.Name == DomainName.Parse("www.example.") => real with { Answers = fakeAnswer.Answers, Authorities = [] },
                (RecordType.DNSKEY, "fake keys") when q.Question.Name == DomainName.Parse("example.") => real with { Answers = fakeKeys.Answers },
                (RecordType.DNSKEY, "real and fake keys") when q.Question.Name == DomainName.Parse("example.") => real with { Answers = [.. realKeys.Answers, .. fakeKeys.Answers] },
                _ => real,
            };
            for (int i = 0; i < AdversarialMode.Scale(2, 20); i++)
            {
                tree.Resolver.ClearCache();
                tree.Stub.ClearCache();
                ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
                attack.Judge(r.Status == DnssecStatus.Bogus, variant + ": " + Truth.Describe(r));
            }
        }

        attack.Complete();
    }

    [Fact]
    public async Task ReplayedExpiredSignatures_AreBogusWithEde7()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www").WithSignatureWindow(now.AddDays(-60), now.AddDays(-30)));
        // And the whole tree replayed to a validator whose clock is 90 days on.
        await using SignedTree later = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), validatorClock: new ShiftedClock(TimeSpan.FromDays(90)));
        var attack = Attack.Begin("downgrade: replayed expired signatures", output);

        ValidatedLookup last = null!;
        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            foreach (SignedTree t in new[] { tree, later })
            {
                t.Resolver.ClearCache();
                last = await attack.MeasureAsync(() => t.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
                attack.Judge(last.Status == DnssecStatus.Bogus && last.Failure?.Kind == ValidationFailureKind.SignatureExpired, Truth.Describe(last));
            }
        }

        attack.Complete();
        Assert.Equal(7, (int)last.Failure!.ExtendedDnsError);
    }

    public static TheoryData<string> DenialKinds() => ["nsec", "nsec3"];

    [Theory]
    [MemberData(nameof(DenialKinds))]
    public async Task DenialProofFromAnotherZone_ForTheTlsaName_IsBogusAndNeverPkix(string denial)
    {
        using X509Certificate2 ca = TestCertificates.CreateCa("CN=Adversarial Public CA");
        using X509Certificate2 published = TestCertificates.CreateLeaf("www.example", ca);
        using X509Certificate2 presented = TestCertificates.CreateLeaf("www.example", ca); // PKIX-valid, but not the published key
        await using var server = LoopbackTlsServer.StartHttp(presented, ca);
        await using SignedTree tree = await SignedTree.CreateAsync(
            b =>
            {
                TestZoneBuilder example = b.AddZone("example.").WithTlsa(server.Port, published, "www");
                TestZoneBuilder other = b.AddZone("other.").WithAddress(Real, "www");
                if (denial == "nsec3")
                {
                    example.WithNsec3();
                    other.WithNsec3();
                }
            },
            lying: true);
        DnsMessage otherNx = await tree.AskServerAsync($"_{server.Port}._tcp.www.other.", RecordType.TLSA);
        Assert.Equal(ResponseCode.NXDomain, otherNx.ResponseCode);
        DomainName tlsaName = DomainName.Parse($"_{server.Port}._tcp.www.example.");
        tree.Lying.Rewrite = (q, real) => q.Question.Name == tlsaName && q.Question.Type == RecordType.TLSA
            ? real with { ResponseCode = ResponseCode.NXDomain, Answers = [], Authorities = otherNx.Authorities }
            : real;
        var options = Opportunistic with { PkixTrustStore = [ca] };
        var attack = Attack.Begin($"downgrade: {denial} proof from another zone for the TLSA name", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync(tlsaName, RecordType.TLSA).AsTask());
            attack.Judge(r.Status == DnssecStatus.Bogus, Truth.Describe(r));
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, "www.example", server.Port, options));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Reason == DaneDecisionReason.LookupBogus, dane.ToString());
        }

        attack.Complete();
        Assert.Equal(0, server.Handshakes);
    }

    public static TheoryData<string> ForgedNxdomains() => ["bare nxdomain", "nxdomain with a proof for another name", "nodata without proof", "servfail"];

    [Theory]
    [MemberData(nameof(ForgedNxdomains))]
    public async Task ForgedAbsenceOfTheTlsaRecord_NeverFallsBackToPkix(string forgery)
    {
        using X509Certificate2 ca = TestCertificates.CreateCa("CN=Adversarial Public CA");
        using X509Certificate2 published = TestCertificates.CreateLeaf("www.example", ca);
        using X509Certificate2 misissued = TestCertificates.CreateLeaf("www.example", ca); // what a compromised CA would sign for the attacker
        await using var server = LoopbackTlsServer.StartHttp(misissued, ca);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"), lying: true);
        DnsMessage genuineNx = await tree.AskServerAsync("nothere.example.", RecordType.A);
        DomainName tlsaName = DomainName.Parse($"_{server.Port}._tcp.www.example.");
        tree.Lying.Rewrite = (q, real) => q.Question.Name != tlsaName || q.Question.Type != RecordType.TLSA ? real : forgery switch
        {
            "bare nxdomain" => real with { ResponseCode = ResponseCode.NXDomain, Answers = [], Authorities = [] },
            "nxdomain with a proof for another name" => real with { ResponseCode = ResponseCode.NXDomain, Answers = [], Authorities = genuineNx.Authorities },
            "nodata without proof" => real with { Answers = [], Authorities = [.. genuineNx.Authorities.Where(r => r.Type is RecordType.SOA || r.Data is RrsigRdata { TypeCovered: RecordType.SOA })] },
            _ => real with { ResponseCode = ResponseCode.ServFail, Answers = [], Authorities = [] },
        };
        var options = Opportunistic with { PkixTrustStore = [ca] };
        var attack = Attack.Begin($"downgrade: forged TLSA absence ({forgery})", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, "www.example", server.Port, options));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Lookup is TlsaLookupOutcome.Bogus or TlsaLookupOutcome.Indeterminate, dane.ToString());
        }

        attack.Complete();
        Assert.Equal(0, server.Handshakes);

        // The control: with the TLSA record really absent, the same server and options are accepted by PKIX,
        // so the refusals above came from the forged denial, not from a PKIX set-up that could never succeed.
        await using SignedTree honest = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"));
        DaneAttempt control = await DaneAttempt.ConnectAsync(honest.Connector, "www.example", server.Port, options);
        Assert.True(control.Accepted?.Decision.Decision == DaneDecision.AcceptPkix, control.ToString());
    }

    [Theory]
    [MemberData(nameof(DenialKinds))]
    public async Task WildcardExpansion_ReplayedOverAnExistingName_IsBogus(string denial)
    {
        IPAddress wildcard = IPAddress.Parse("127.0.0.9");
        await using SignedTree tree = await SignedTree.CreateAsync(
            b =>
            {
                TestZoneBuilder z = b.AddZone("example.").WithAddress(Real, "www").WithAddress(wildcard, "*");
                if (denial == "nsec3")
                {
                    z.WithNsec3();
                }
            },
            lying: true);
        // A genuine wildcard expansion (for a name that does not exist) renamed to www, which does exist.
        DnsMessage expansion = await tree.AskServerAsync("zzz.example.", RecordType.A);
        Assert.Contains(expansion.Answers, r => r.Data is RrsigRdata { Labels: 1 });
        DomainName www = DomainName.Parse("www.example.");
        tree.Lying.Rewrite = (q, real) => q.Question.Name == www && q.Question.Type == RecordType.A
            ? real with { Answers = [.. expansion.Answers.Select(r => r with { Name = www })], Authorities = expansion.Authorities }
            : real;
        var attack = Attack.Begin($"downgrade: wildcard expansion over an existing name ({denial})", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync(www, RecordType.A).AsTask());
            attack.Judge(!r.IsSecure || Truth.IsReal(r, Real), Truth.Describe(r));
        }

        attack.Complete();
    }

    private static bool IsDnssec(RecordType type) => type is RecordType.RRSIG or RecordType.NSEC or RecordType.NSEC3 or RecordType.DNSKEY or RecordType.DS or RecordType.NSEC3PARAM;
}
