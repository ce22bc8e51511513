using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Resolution;

/// <summary>CNAME/DNAME handling of <see cref="ValidatingResolver"/> (RFC 6672 §2.2, §3.3, §5.3.1; RFC 1034 §4.3.2).</summary>
public sealed class ValidatingResolverDnameTests : IDisposable
{
    private const string Dname = "x. 3600 IN DNAME .";
    private const string Soa = ". 3600 IN SOA a. b. 1 1800 900 604800 300";
    private readonly ScriptedZone _zone = new();

    public void Dispose() => _zone.Dispose();

    [Fact]
    public async Task Resolve_CnameQueryUnderSignedDname_AcceptsTheUnsignedSynthesisedCname()
    {
        // The CNAME a server synthesises from a DNAME is unsigned (RFC 6672 §5.3.1); the validated DNAME vouches for it.
        _zone.Respond("loop.x.", RecordType.CNAME, [.. _zone.Signed(Dname), .. ScriptedZone.Unsigned("loop.x. 3600 IN CNAME loop.")]);
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.CNAME);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        ResourceRecord cname = Assert.Single(result.Answers, r => r.Type == RecordType.CNAME);
        Assert.Equal(DomainName.Parse("loop."), ((CnameRdata)cname.Data).CanonicalName);
        Assert.Equal(0, _zone.QueriesFor("loop.", RecordType.CNAME));
    }

    [Fact]
    public async Task Resolve_UnsignedCnameUnderSignedDnameWithoutDname_IsBogus()
    {
        // Without the DNAME the same unsigned CNAME in a signed zone is a stripped signature.
        _zone.Respond("loop.x.", RecordType.CNAME, ScriptedZone.Unsigned("loop.x. 3600 IN CNAME loop."));
        _zone.Respond("x.", RecordType.DS, [], _zone.Signed(Soa, "x. 3600 IN NSEC loop.x. RRSIG NSEC"));
        _zone.Respond("loop.x.", RecordType.DS, [], _zone.Signed(Soa, "loop.x. 3600 IN NSEC z. CNAME RRSIG NSEC"));
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.CNAME);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
    }

    [Fact]
    public async Task Resolve_CnameDisagreeingWithDname_IsReplacedBySynthesis()
    {
        // An unsigned CNAME pointing elsewhere cannot redirect a name under a validated DNAME: the substitution wins.
        _zone.Respond("loop.x.", RecordType.TXT,
            [.. _zone.Signed(Dname), .. ScriptedZone.Unsigned("loop.x. 3600 IN CNAME attacker."), .. _zone.Signed("loop. 3600 IN TXT \"end\"")]);
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.DoesNotContain(result.Answers, r => r.Data is CnameRdata c && c.CanonicalName == DomainName.Parse("attacker."));
        Assert.Contains(result.Answers, r => r.Type == RecordType.TXT && r.Name == DomainName.Parse("loop."));
        Assert.Contains(result.Chain, s => s.Owner == DomainName.Parse("loop.x.") && s.Type == RecordType.CNAME && s.Detail!.Contains("synthesised", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_NegativeProofInCnameResponseNotForTarget_AsksTheTarget()
    {
        // The authority section proves nothing about loop./TXT (its NSEC lists TXT): the target is asked itself.
        _zone.Respond("loop.x.", RecordType.TXT,
            [.. _zone.Signed(Dname), .. ScriptedZone.Unsigned("loop.x. 3600 IN CNAME loop.")],
            _zone.Signed(Soa, "loop. 3600 IN NSEC x. TXT RRSIG NSEC"));
        _zone.Respond("loop.", RecordType.TXT, _zone.Signed("loop. 3600 IN TXT \"end\""));
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, _zone.QueriesFor("loop.", RecordType.TXT));
        Assert.Contains(result.Answers, r => r.Type == RecordType.TXT);
    }

    [Fact]
    public async Task Resolve_ValidNegativeProofInCnameResponse_IsUsedWithoutAskingTheTarget()
    {
        _zone.Respond("loop.x.", RecordType.A,
            [.. _zone.Signed(Dname), .. ScriptedZone.Unsigned("loop.x. 3600 IN CNAME loop.")],
            _zone.Signed(Soa, "loop. 3600 IN NSEC x. TXT RRSIG NSEC"));
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.Equal(0, _zone.QueriesFor("loop.", RecordType.A));
        Assert.Contains(result.Chain, s => s.Kind == ChainStepKind.Denial && s.Owner == DomainName.Parse("loop."));
    }

    [Fact]
    public async Task Resolve_TargetAskedAgainWithBadProof_StaysBogus()
    {
        // Asking the target does not launder a bad proof: the target's own answer must prove the denial.
        ResourceRecord[] badProof = _zone.Signed(Soa, "loop. 3600 IN NSEC x. TXT RRSIG NSEC");
        _zone.Respond("loop.x.", RecordType.TXT, [.. _zone.Signed(Dname), .. ScriptedZone.Unsigned("loop.x. 3600 IN CNAME loop.")], badProof);
        _zone.Respond("loop.", RecordType.TXT, [], badProof);
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.x.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
    }

    [Fact]
    public async Task Resolve_DnameLoop_IsBogus()
    {
        // loop.y. → (y. DNAME y.y.) loop.y.y. → ... would never end; the chain limit or the loop check stops it.
        _zone.Respond("loop.y.", RecordType.A, _zone.Signed("y. 3600 IN DNAME z.", "loop.z. 3600 IN CNAME loop.y."));
        ValidatedLookup result = await _zone.Resolver().ResolveAsync("loop.y.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Contains("loop", result.Failure!.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
