using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Denial;

public class DenialOfExistenceTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.");

    private static DenialZone NewZone() => new DenialZone("example.")
        .Add("a.example.", RecordType.A, RecordType.TXT)
        .Add("c.example.", RecordType.A)
        .Add("x.y.example.", RecordType.A)             // y.example. is an empty non-terminal
        .Add("*.w.example.", RecordType.MX)           // wildcard below w.example. (an empty non-terminal)
        .Add("secure.example.", RecordType.NS, RecordType.DS)
        .Add("unsigned.example.", RecordType.NS);     // insecure delegation

    private static DomainName N(string s) => DomainName.Parse(s);

    // ---- NSEC ----

    [Fact]
    public void NsecNameError_CoveredWithWildcardDenied_IsSecure()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNameError(N("b.example."), [nsec.For("b.example."), nsec.For("*.example.")], Zone);
        Assert.Equal(DnssecStatus.Secure, proof.Status);
        Assert.Equal(Zone, proof.ClosestEncloser);
    }

    [Fact]
    public void NsecNameError_WithoutWildcardProof_IsBogus()
    {
        var nsec = NewZone().Nsec();
        // b.example is covered by a.example's NSEC; *.example sorts before a.example so needs the apex NSEC, left out.
        var proof = DenialOfExistence.ProveNameError(N("b.example."), [nsec.For("b.example.")], Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
        Assert.Equal(ValidationFailureKind.InvalidDenial, proof.Failure!.Kind);
        Assert.Equal(ExtendedDnsErrorCode.DnssecBogus, proof.Failure.ExtendedDnsError);
    }

    [Fact]
    public void NsecNameError_NameExists_IsBogus()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNameError(N("a.example."), nsec.All, Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NsecNameError_WildcardExistsAtClosestEncloser_IsBogus()
    {
        var nsec = NewZone().Nsec();
        // q.w.example: closest encloser w.example (an empty non-terminal) has a wildcard, so it is not NXDOMAIN.
        var proof = DenialOfExistence.ProveNameError(N("q.w.example."), nsec.All, Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NsecNameError_BelowDelegation_IsBogus()
    {
        var nsec = NewZone().Nsec();
        // RFC 6840 §4.1: the parent-side NSEC at unsigned.example cannot deny names in the child zone.
        var proof = DenialOfExistence.ProveNameError(N("www.unsigned.example."), nsec.All, Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NsecNoData_MatchingWithoutType_IsSecure()
    {
        var nsec = NewZone().Nsec();
        Assert.True(DenialOfExistence.ProveNoData(N("a.example."), RecordType.AAAA, [nsec.For("a.example.")], Zone).IsSecure);
    }

    [Theory]
    [InlineData(RecordType.A)]
    [InlineData(RecordType.TXT)]
    public void NsecNoData_TypeListed_IsBogus(RecordType type)
    {
        var nsec = NewZone().Nsec();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("a.example."), type, nsec.All, Zone).Status);
    }

    [Fact]
    public void NsecNoData_CnameListed_IsBogus()
    {
        var nsec = new DenialZone("example.").Add("alias.example.", RecordType.CNAME).Nsec();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("alias.example."), RecordType.A, nsec.All, Zone).Status);
    }

    [Fact]
    public void NsecNoData_EmptyNonTerminal_IsSecure()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNoData(N("y.example."), RecordType.A, [nsec.For("y.example.")], Zone);
        Assert.True(proof.IsSecure, proof.ToString());
    }

    [Fact]
    public void NsecNoData_NameDoesNotExist_IsBogus()
    {
        var nsec = NewZone().Nsec();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("b.example."), RecordType.A, nsec.All, Zone).Status);
    }

    [Fact]
    public void NsecNoData_ParentSideNsecForNonDsType_IsBogus()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.A, [nsec.For("unsigned.example.")], Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NsecNoDs_UnsignedDelegation_IsSecureDelegation()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.DS, [nsec.For("unsigned.example.")], Zone);
        Assert.True(proof.IsSecure);
        Assert.True(proof.IsDelegation);
    }

    [Fact]
    public void NsecNoDs_SignedDelegation_IsBogus()
    {
        var nsec = NewZone().Nsec();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("secure.example."), RecordType.DS, nsec.All, Zone).Status);
    }

    [Fact]
    public void NsecNoDs_ChildApexNsec_IsBogus()
    {
        // The child's own apex NSEC (SOA set) cannot deny the DS the parent holds.
        var child = new DenialZone("unsigned.example.").Nsec();
        var proof = DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.DS, child.All, N("unsigned.example."));
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NsecNoDs_NotADelegation_IsSecureWithoutDelegation()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNoData(N("a.example."), RecordType.DS, nsec.All, Zone);
        Assert.True(proof.IsSecure);
        Assert.False(proof.IsDelegation);
    }

    [Fact]
    public void NsecWildcardNoData_IsSecure()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveNoData(N("q.w.example."), RecordType.A, [nsec.For("q.w.example."), nsec.For("*.w.example.")], Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.Equal(N("w.example."), proof.ClosestEncloser);
    }

    [Fact]
    public void NsecWildcardNoData_TypeAtWildcard_IsBogus()
    {
        var nsec = NewZone().Nsec();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("q.w.example."), RecordType.MX, nsec.All, Zone).Status);
    }

    [Fact]
    public void NsecWildcardAnswer_NoCloserName_IsSecure()
    {
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveWildcardAnswer(N("q.w.example."), 2, [nsec.For("q.w.example.")], Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.Equal(N("w.example."), proof.ClosestEncloser);
    }

    [Fact]
    public void NsecWildcardAnswer_CloserNameExists_IsBogus()
    {
        // The answer claims expansion of *.example for q.y.example, but y.example exists (an empty non-terminal).
        var nsec = NewZone().Nsec();
        var proof = DenialOfExistence.ProveWildcardAnswer(N("q.y.example."), 1, nsec.All, Zone);
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
    }

    [Fact]
    public void NoDenialRecords_IsBogusWithEde12()
    {
        var proof = DenialOfExistence.ProveNameError(N("b.example."), [], Zone);
        Assert.Equal(ValidationFailureKind.MissingDenial, proof.Failure!.Kind);
        Assert.Equal(ExtendedDnsErrorCode.NsecMissing, proof.Failure.ExtendedDnsError);
    }

    [Fact]
    public void NsecLastRecordWrapsToApex_CoversNamesAfterIt()
    {
        var nsec = NewZone().Nsec();
        // zzz.example sorts after every name: covered by the last NSEC, whose next name is the apex.
        var proof = DenialOfExistence.ProveNameError(N("zzz.example."), [nsec.For("zzz.example."), nsec.For("*.example.")], Zone);
        Assert.True(proof.IsSecure, proof.ToString());
    }

    // ---- NSEC3 ----

    [Fact]
    public void Nsec3NameError_ClosestEncloserProof_IsSecure()
    {
        var chain = NewZone().Nsec3Chain(iterations: 0, saltHex: "AABBCCDD");
        var proof = DenialOfExistence.ProveNameError(N("b.example."), chain, Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.Equal(Zone, proof.ClosestEncloser);
    }

    [Fact]
    public void Nsec3NameError_DeepName_FindsEmptyNonTerminalAsClosestEncloser()
    {
        var chain = NewZone().Nsec3Chain();
        var proof = DenialOfExistence.ProveNameError(N("a.b.y.example."), chain, Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.Equal(N("y.example."), proof.ClosestEncloser);
    }

    [Fact]
    public void Nsec3NameError_NameExists_IsBogus()
    {
        var chain = NewZone().Nsec3Chain();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNameError(N("c.example."), chain, Zone).Status);
    }

    [Fact]
    public void Nsec3NameError_WildcardExists_IsBogus()
    {
        var chain = NewZone().Nsec3Chain();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNameError(N("q.w.example."), chain, Zone).Status);
    }

    [Fact]
    public void Nsec3NameError_MissingClosestEncloserMatch_IsBogus()
    {
        var zone = NewZone();
        var chain = zone.Nsec3Chain(omit: n => n == Zone);
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNameError(N("b.example."), chain, Zone).Status);
    }

    [Fact]
    public void Nsec3NameError_OptOutNextCloser_IsInsecureNotSecure()
    {
        var chain = NewZone().Nsec3Chain(optOutEverywhere: true);
        var proof = DenialOfExistence.ProveNameError(N("b.example."), chain, Zone);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);
    }

    [Fact]
    public void Nsec3NoData_Matching_IsSecure()
    {
        var chain = NewZone().Nsec3Chain();
        var rr = DenialZone.Nsec3For(chain, "a.example.", Zone)!;
        Assert.True(DenialOfExistence.ProveNoData(N("a.example."), RecordType.AAAA, [rr], Zone).IsSecure);
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("a.example."), RecordType.TXT, [rr], Zone).Status);
    }

    [Fact]
    public void Nsec3NoData_EmptyNonTerminal_IsSecure()
    {
        var chain = NewZone().Nsec3Chain();
        Assert.True(DenialOfExistence.ProveNoData(N("y.example."), RecordType.A, chain, Zone).IsSecure);
    }

    [Fact]
    public void Nsec3NoDs_UnsignedDelegation_IsSecureDelegation()
    {
        var chain = NewZone().Nsec3Chain();
        var proof = DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.DS, chain, Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.True(proof.IsDelegation);
    }

    [Fact]
    public void Nsec3NoDs_OptOutSpan_IsInsecure()
    {
        var chain = NewZone().Nsec3Chain(optOutEverywhere: true);
        var proof = DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.DS, chain, Zone);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);
    }

    [Fact]
    public void Nsec3NoDs_NoOptOutAndNoMatch_IsBogus()
    {
        var chain = NewZone().Nsec3Chain(omit: n => n == N("unsigned.example."));
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.DS, chain, Zone).Status);
    }

    [Fact]
    public void Nsec3NoData_NonDsTypeInOptOutSpan_IsBogus()
    {
        var chain = NewZone().Nsec3Chain(optOutEverywhere: true);
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.MX, chain, Zone).Status);
    }

    [Fact]
    public void Nsec3WildcardAnswer_OptOutNextCloser_IsInsecure()
    {
        var chain = NewZone().Nsec3Chain(optOutEverywhere: true);
        var proof = DenialOfExistence.ProveWildcardAnswer(N("q.w.example."), 2, chain, Zone);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);
    }

    [Fact]
    public void Nsec3NoData_ParentSideDelegation_IsBogus()
    {
        var chain = NewZone().Nsec3Chain();
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("unsigned.example."), RecordType.A, chain, Zone).Status);
    }

    [Fact]
    public void Nsec3WildcardNoData_IsSecure()
    {
        var chain = NewZone().Nsec3Chain();
        var proof = DenialOfExistence.ProveNoData(N("q.w.example."), RecordType.A, chain, Zone);
        Assert.True(proof.IsSecure, proof.ToString());
        Assert.Equal(N("w.example."), proof.ClosestEncloser);
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveNoData(N("q.w.example."), RecordType.MX, chain, Zone).Status);
    }

    [Fact]
    public void Nsec3WildcardAnswer_NextCloserCovered_IsSecure()
    {
        var chain = NewZone().Nsec3Chain();
        Assert.True(DenialOfExistence.ProveWildcardAnswer(N("q.w.example."), 2, chain, Zone).IsSecure);
        // For q.y.example the next closer name y.example exists, so the claimed expansion of *.example is false.
        Assert.Equal(DnssecStatus.Bogus, DenialOfExistence.ProveWildcardAnswer(N("q.y.example."), 1, chain, Zone).Status);
    }

    [Fact]
    public void Nsec3IterationsAboveLimit_IsInsecureWithEde27()
    {
        var chain = NewZone().Nsec3Chain(iterations: 10);
        var options = new ValidatorOptions { MaxNsec3Iterations = 5 };
        var proof = DenialOfExistence.ProveNameError(N("b.example."), chain, Zone, options);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.Equal(ExtendedDnsErrorCode.UnsupportedNsec3IterationsValue, proof.Failure!.ExtendedDnsError);
        Assert.True(DenialOfExistence.ProveNameError(N("b.example."), chain, Zone, new ValidatorOptions { MaxNsec3Iterations = 10 }).IsSecure);
    }

    [Fact]
    public void Nsec3HashBudgetExhausted_IsBogusWorkLimit()
    {
        var chain = NewZone().Nsec3Chain();
        // a.b.c.d.e.f.example. needs a hash per label to find the closest encloser.
        var proof = DenialOfExistence.ProveNameError(N("a.b.c.d.e.f.example."), chain, Zone, new ValidatorOptions { MaxNsec3HashComputations = 3 });
        Assert.Equal(DnssecStatus.Bogus, proof.Status);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, proof.Failure!.Kind);
        Assert.True(DenialOfExistence.ProveNameError(N("a.b.c.d.e.f.example."), chain, Zone).IsSecure);
    }

    [Fact]
    public void Nsec3UnknownFlags_AreIgnored()
    {
        var chain = NewZone().Nsec3Chain().Select(r =>
        {
            var d = (DnsSecure.Records.Nsec3Rdata)r.Data;
            return r with { Data = new DnsSecure.Records.Nsec3Rdata(d.HashAlgorithm, 2, d.Iterations, d.Salt, d.NextHashedOwnerName, d.Types) };
        }).ToList();
        var proof = DenialOfExistence.ProveNameError(N("b.example."), chain, Zone);
        Assert.Equal(ValidationFailureKind.MissingDenial, proof.Failure!.Kind);
    }
}
