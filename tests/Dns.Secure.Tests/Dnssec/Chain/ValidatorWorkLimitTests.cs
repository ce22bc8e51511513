using System.Diagnostics;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Signing;
using DnsSecure.Transport;
using Xunit.Abstractions;

namespace DnsSecure.Tests.Dnssec.Chain;

/// <summary>
/// Hostile zones cost bounded work and fail closed: KeyTrap (CVE-2023-50387, many DNSKEYs sharing one key tag and many
/// RRSIGs) and NSEC3 hash exhaustion (CVE-2023-50868). Counts are asserted, never times; the time is only written out.
/// </summary>
public sealed class ValidatorWorkLimitTests(ITestOutputHelper output)
{
    private const int CollidingKeys = 64;
    private const int ExtraSignatures = 64;
    private static readonly DomainName s_example = DomainName.Parse("example.");

    private static async Task<(TestHierarchy Hierarchy, StubResolver Stub, ValidatingResolver Resolver)> KeyTrapAsync()
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithRecord("www.example. 300 IN A 192.0.2.1"));
        // Every DNSKEY answer of example. gains 64 keys with the KSK's tag and 64 RRSIGs naming it; the real
        // signature is spoilt too, so no combination verifies and a validator without limits tries all 65 × 65.
        hierarchy.Server.Faults.AddForZone(s_example, Fault.OversizedKeySet(CollidingKeys, ExtraSignatures));
        hierarchy.Server.Faults.AddForName(s_example, Fault.CorruptSignatures, RecordType.DNSKEY);
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(hierarchy.EndPoint));
        var stub = new StubResolver(options);
        var anchors = DnsSecure.Dnssec.TrustAnchors.TrustAnchorStore.Create(DnsSecure.Dnssec.TrustAnchors.TrustAnchorLoader.FromRecords(hierarchy.TrustAnchors));
        return (hierarchy, stub, new ValidatingResolver(new StubDataSource(stub), anchors));
    }

    [Fact]
    public async Task Resolve_KeyTrapZone_IsBogusWithWorkLimitAndBoundedVerifications()
    {
        var (hierarchy, stub, resolver) = await KeyTrapAsync();
        await using (hierarchy)
        await using (stub)
        {
            var clock = Stopwatch.StartNew();
            ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);
            clock.Stop();

            Assert.Equal(DnssecStatus.Bogus, result.Status);
            Assert.Equal(ValidationFailureKind.WorkLimitExceeded, result.Failure!.Kind);
            Assert.Equal(Iana.ExtendedDnsErrorCode.DnssecBogus, result.Failure.ExtendedDnsError);
            // Root DNSKEY and example. DS need one each; the hostile DNSKEY RRset at most MaxSignaturesPerRrset (8)
            // RRSIGs with one entry key each, far below the 65 × 65 an unbounded validator would try.
            ValidatorOptions limits = ValidatorOptions.Default;
            Assert.InRange(result.SignatureVerifications, 1, 2 + limits.MaxVerificationsPerRrset);
            output.WriteLine($"KeyTrap lookup: {result.SignatureVerifications} verifications, {result.UpstreamQueries} queries, {clock.Elapsed.TotalMilliseconds:F1} ms: {result}");
        }
    }

    [Fact]
    public async Task Verify_KeyTrapKeySetAgainstItself_StopsAtKeyTagCollisionLimit()
    {
        // The worst case of CVE-2023-50387: every one of the 65 colliding keys is a candidate for every RRSIG.
        var (hierarchy, stub, _) = await KeyTrapAsync();
        await using (hierarchy)
        await using (stub)
        {
            LookupResult answer = await stub.LookupAsync(new DnsQuestion(s_example, RecordType.DNSKEY), new LookupOptions { DnssecOk = true, CheckingDisabled = true });
            var sections = MessageSections.Split(answer.Response!.Answers);
            RRSet keys = sections.Find(s_example, RecordType.DNSKEY)!;
            IReadOnlyList<RrsigRdata> rrsigs = sections.SignaturesFor(s_example, RecordType.DNSKEY);
            Assert.True(rrsigs.Count > ExtraSignatures);
            Assert.True(keys.Count > CollidingKeys);

            var clock = Stopwatch.StartNew();
            SignatureCheck check = new RrsetVerifier().Verify(keys, rrsigs, keys.Data.OfType<DnskeyRdata>(), s_example);
            clock.Stop();

            Assert.Equal(DnssecStatus.Bogus, check.Status);
            Assert.Equal(ValidationFailureKind.WorkLimitExceeded, check.Failure!.Kind);
            Assert.InRange(check.Verifications, 1, ValidatorOptions.Default.MaxVerificationsPerRrset);
            Assert.InRange(check.SignaturesTried, 1, ValidatorOptions.Default.MaxSignaturesPerRrset);
            output.WriteLine($"KeyTrap RRset ({keys.Count} keys, {rrsigs.Count} RRSIGs): {check.SignaturesTried} RRSIGs, {check.Verifications} verifications, {clock.Elapsed.TotalMilliseconds:F2} ms");
        }
    }

    [Fact]
    public async Task Resolve_Nsec3NameErrorForDeepName_IsBogusWithBoundedHashes()
    {
        // CVE-2023-50868: an NXDOMAIN for a name 100 labels below an NSEC3 zone makes the closest-encloser search hash
        // every ancestor; the validator stops at MaxNsec3HashComputations.
        await using var tree = new SignedTree();
        SignedZone example = tree.Sign("example.", SignedTree.Apex("example.") + "www.example. IN A 192.0.2.1\n",
            new ZoneSigningOptions { Denial = DnsSecure.Testing.Signing.DenialOfExistence.Nsec3, Nsec3Iterations = 100, Nsec3Salt = new byte[] { 1, 2, 3, 4 } });
        tree.Sign(".", SignedTree.Apex(".") + "example. IN NS ns1.example.\n" + string.Join('\n', example.DsRecords) + "\n");
        await tree.StartAsync();
        DomainName deep = DomainName.Parse(string.Concat(Enumerable.Repeat("a.", 100)) + "example.");

        var clock = Stopwatch.StartNew();
        ValidatedLookup result = await tree.Resolver().ResolveAsync(deep, RecordType.A);
        clock.Stop();

        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, result.Failure!.Kind);

        var nsec3 = result.Response!.Authorities.Where(r => r.Data is Nsec3Rdata).Select(r => (r.Name, (Nsec3Rdata)r.Data)).ToList();
        var denial = new Nsec3Denial(nsec3, s_example, ValidatorOptions.Default);
        Assert.Equal(DnssecStatus.Bogus, denial.ProveNameError(deep).Status);
        Assert.Equal(ValidatorOptions.Default.MaxNsec3HashComputations, denial.HashCount);
        output.WriteLine($"NSEC3 exhaustion lookup: {denial.HashCount} hashes of 100 iterations, {clock.Elapsed.TotalMilliseconds:F1} ms: {result}");
    }
}
