using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.Resolution;

namespace DnsSecure.Tests.Dnssec.Denial;

/// <summary>
/// Denial proofs verify only the NSEC/NSEC3 RRsets they can use: extra RRsets are dropped (unneeded ones unverified,
/// relevant but unverifiable ones set aside), and a proof that does not hold without a set-aside RRset is Bogus.
/// </summary>
public sealed class DenialEvidenceTests : IDisposable
{
    private const string Soa = ". 3600 IN SOA a. b. 1 1800 900 604800 300";
    private const string ApexNsec = ". 3600 IN NSEC b. NS SOA RRSIG NSEC DNSKEY";  // covers *.
    private const string BNsec = "b. 3600 IN NSEC d. A RRSIG NSEC";                 // covers c.
    private const string FarNsec = "x. 3600 IN NSEC z. A RRSIG NSEC";               // about neither

    private readonly ScriptedZone _root = new();
    private readonly ScriptedZone _otherKey = new();

    public void Dispose()
    {
        _root.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public void Collect_IrrelevantRRset_IsNeverVerified()
    {
        var verified = new List<DomainName>();
        var authority = MessageSections.Split(_root.Signed(ApexNsec, BNsec, FarNsec));

        DenialEvidence evidence = DenialEvidence.Collect(authority, DomainName.Parse("c."), DomainName.Root, new ValidatorOptions(), (rrset, _) =>
        {
            verified.Add(rrset.Name);
            return new RrsetCheck(DnssecStatus.Secure, null, null, 300);
        });

        Assert.Equal([DomainName.Root, DomainName.Parse("b.")], verified);
        Assert.Equal(1, evidence.Dropped);
        Assert.Null(evidence.Rejected);
        Assert.Equal(2, evidence.Records.Count);
        Assert.Equal(4, evidence.Signed.Count);
        Assert.Equal(300u, evidence.Ttl);
    }

    [Fact]
    public void Settle_ProofFailingWithoutTheRejectedRRset_IsBogusWithItsFailure()
    {
        DenialEvidence evidence = CollectFailing(DomainName.Parse("b."));
        DenialProof proof = DenialOfExistence.ProveNameError(DomainName.Parse("c."), evidence.Records, DomainName.Root);

        Assert.Equal(DnssecStatus.Bogus, proof.Status); // b. → d. was set aside, so c. is not covered
        Assert.Equal(ValidationFailureKind.SignatureInvalid, evidence.Settle(proof).Failure!.Kind);
        Assert.Equal(DomainName.Parse("b."), evidence.Rejected!.Value.RRset.Name);
    }

    [Fact]
    public void Settle_ProofNotNeedingTheRejectedRRset_IsSecure()
    {
        // NODATA at b. needs only the NSEC at b.; the apex NSEC (covering *.) is relevant but not needed.
        DenialEvidence evidence = CollectFailing(DomainName.Root, name: "b.");
        DenialProof proof = DenialOfExistence.ProveNoData(DomainName.Parse("b."), RecordType.MX, evidence.Records, DomainName.Root);

        Assert.Equal(DnssecStatus.Secure, evidence.Settle(proof).Status);
        Assert.Equal(1, evidence.Dropped);
    }

    [Fact]
    public async Task Resolve_NxdomainWithExtraUnverifiableNsec_IsSecure()
    {
        _root.Respond("c.", RecordType.A, [], [.. _root.Signed(Soa, ApexNsec, BNsec), .. _otherKey.Signed(FarNsec)], ResponseCode.NXDomain);

        ValidatedLookup result = await _root.Resolver().ResolveAsync("c.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
    }

    [Fact]
    public async Task Resolve_NxdomainWhoseNeededNsecDoesNotVerify_IsBogus()
    {
        // The zone's own key signed b. → d.; the record sent says b. → e. (a tampered span), so the RRSIG does not verify.
        _root.Respond("c.", RecordType.A, [], [.. _root.Signed(Soa, ApexNsec), .. Tampered(_root.Signed(BNsec), "b. 3600 IN NSEC e. A RRSIG NSEC")], ResponseCode.NXDomain);

        ValidatedLookup result = await _root.Resolver().ResolveAsync("c.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.SignatureInvalid, result.Failure!.Kind);
        Assert.Equal(DomainName.Parse("b."), result.Failure.Owner);
    }

    [Fact]
    public async Task Resolve_NodataWithRelevantButUnneededBadNsec_IsSecure()
    {
        _root.Respond("b.", RecordType.MX, [], [.. _root.Signed(Soa, BNsec), .. _otherKey.Signed(ApexNsec)]);

        ValidatedLookup result = await _root.Resolver().ResolveAsync("b.", RecordType.MX);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
    }

    [Fact]
    public async Task Resolve_InsecureDelegationProofWithExtraBadNsec_IsInsecure()
    {
        // black_ent's shape in the chain of trust: the DS denial carries NSECs it does not need whose signatures fail (one
        // relevant to the name, one not).
        _root.Respond("kid.", RecordType.DS, [], [.. _root.Signed(Soa, "kid. 3600 IN NSEC m. NS RRSIG NSEC"), .. Tampered(_root.Signed(ApexNsec), ". 3600 IN NSEC c. NS SOA RRSIG NSEC DNSKEY"), .. _otherKey.Signed(FarNsec)]);
        _root.Respond("www.kid.", RecordType.A, ScriptedZone.Unsigned("www.kid. 60 IN A 192.0.2.1"));

        ValidatedLookup result = await _root.Resolver().ResolveAsync("www.kid.", RecordType.A);

        Assert.Equal(DnssecStatus.Insecure, result.Status);
        Assert.Contains(result.Chain, s => s.Kind == ChainStepKind.InsecureDelegation && s.Owner == DomainName.Parse("kid."));
    }

    [Fact]
    public async Task Resolve_InsecureDelegationProofThatDoesNotVerify_IsBogus()
    {
        _root.Respond("kid.", RecordType.DS, [], [.. _root.Signed(Soa), .. _otherKey.Signed("kid. 3600 IN NSEC m. NS RRSIG NSEC")]);
        _root.Respond("www.kid.", RecordType.A, ScriptedZone.Unsigned("www.kid. 60 IN A 192.0.2.1"));

        ValidatedLookup result = await _root.Resolver().ResolveAsync("www.kid.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.NoMatchingKey, result.Failure!.Kind);
        Assert.Equal(DomainName.Parse("kid."), result.Failure.Owner);
    }

    [Fact]
    public async Task Resolve_WildcardAnswerWithExtraBadNsec_IsSecure()
    {
        // Two extra NSECs that do not verify: b. → d. is irrelevant to x.w. (dropped unverified); the one at w. matches an
        // ancestor of x.w., so it is checked, fails and is set aside — and the proof holds without it.
        ResourceRecord[] answer = Expand(_root.Signed("*.w. 60 IN A 192.0.2.1"), "x.w.");
        _root.Respond("x.w.", RecordType.A, answer,
            [.. _root.Signed("*.w. 3600 IN NSEC z. A RRSIG NSEC"), .. _otherKey.Signed(BNsec), .. _otherKey.Signed("w. 3600 IN NSEC *.w. A RRSIG NSEC")]);

        ValidatedLookup result = await _root.Resolver().ResolveAsync("x.w.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Single(result.Answers);
    }

    [Fact]
    public async Task Resolve_WildcardAnswerWhoseProofDoesNotVerify_IsBogus()
    {
        ResourceRecord[] answer = Expand(_root.Signed("*.w. 60 IN A 192.0.2.1"), "x.w.");
        _root.Respond("x.w.", RecordType.A, answer, _otherKey.Signed("*.w. 3600 IN NSEC z. A RRSIG NSEC"));

        ValidatedLookup result = await _root.Resolver().ResolveAsync("x.w.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
    }

    /// <summary>Signed records whose data record is replaced by <paramref name="line"/> (the RRSIG kept): a bad signature
    /// from the zone's own key.</summary>
    private static ResourceRecord[] Tampered(ResourceRecord[] signed, string line) =>
        [.. signed.Select(r => r.Data is RrsigRdata ? r : ResourceRecord.Parse(line))];

    /// <summary>A wildcard RRset and its RRSIG, as a server expands them for <paramref name="owner"/> (RFC 4592 §2.1).</summary>
    internal static ResourceRecord[] Expand(ResourceRecord[] atWildcard, string owner) =>
        [.. atWildcard.Select(r => new ResourceRecord(DomainName.Parse(owner), r.Class, r.Ttl, r.Data))];

    /// <summary>The evidence for <paramref name="name"/> from the apex and b. NSECs, the one at <paramref name="failing"/>
    /// failing verification.</summary>
    private DenialEvidence CollectFailing(DomainName failing, string name = "c.") =>
        DenialEvidence.Collect(MessageSections.Split(_root.Signed(ApexNsec, BNsec)), DomainName.Parse(name), DomainName.Root, new ValidatorOptions(),
            (rrset, _) => rrset.Name == failing
                ? new RrsetCheck(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.SignatureInvalid, rrset.Name, rrset.Type), null, 0)
                : new RrsetCheck(DnssecStatus.Secure, null, null, 300));
}
