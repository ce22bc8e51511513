using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec;

/// <summary>
/// The example responses of RFC 5155 Appendix B over the Appendix A zone (tests/TestData/rfc5155): every RRSIG verifies
/// with the Appendix A keys at a time inside their validity window, the NSEC3 proof gives the expected result, and the
/// validating resolver (anchored at the Appendix A KSK) gives the verdict a validator must give — which is Insecure
/// wherever the proof rests on an opt-out NSEC3 covering the next closer name (RFC 5155 §9.2, as Unbound answers).
/// </summary>
public sealed class Rfc5155AppendixBTests
{
    private static readonly AppendixExampleZone s_zone = new("rfc5155", new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly DomainName s_example = s_zone.Apex;

    [Fact]
    public void Rfc5155AppendixADnskeyRrset_IsSignedByTheKsk()
    {
        RRSet keys = MessageSections.Split(s_zone.Keys.Answers).Find(s_example, RecordType.DNSKEY)!;
        SignatureCheck check = s_zone.Verifier().Verify(keys, MessageSections.Split(s_zone.Keys.Answers).SignaturesFor(s_example, RecordType.DNSKEY), s_zone.Dnskeys, s_example);
        Assert.Equal(DnssecStatus.Secure, check.Status);
        Assert.Equal(12708, check.Key!.KeyTag);
        Assert.Equal([40430, 12708], s_zone.Dnskeys.Select(k => (int)k.KeyTag));
    }

    [Fact]
    public async Task Rfc5155AppendixB1NameError()
    {
        DnsMessage response = s_zone.Load("b1-name-error.txt");
        Assert.Equal(4, s_zone.AssertEverySignatureVerifies(response));

        // Closest encloser x.w.example; the next closer c.x.w.example is covered by an opt-out NSEC3, so the name
        // may exist below an unsigned delegation: not a secure NXDOMAIN (RFC 5155 §9.2).
        DenialProof proof = DenialOfExistence.ProveNameError(response.Questions[0].Name, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);
        Assert.Equal(DomainName.Parse("x.w.example."), proof.ClosestEncloser);

        await s_zone.AssertResolvesAsync(response, DnssecStatus.Insecure, ResponseCode.NXDomain);
    }

    [Fact]
    public async Task Rfc5155AppendixB2NoData()
    {
        DnsMessage response = s_zone.Load("b2-no-data.txt");
        Assert.Equal(2, s_zone.AssertEverySignatureVerifies(response));

        // The NSEC3 matching ns1.example has no MX bit.
        DenialProof proof = DenialOfExistence.ProveNoData(response.Questions[0].Name, RecordType.MX, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        ValidatedLookup result = await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public async Task Rfc5155AppendixB21NoDataEmptyNonTerminal()
    {
        DnsMessage response = s_zone.Load("b2.1-no-data-empty-non-terminal.txt");
        Assert.Equal(2, s_zone.AssertEverySignatureVerifies(response));

        // y.w.example is an empty non-terminal: its NSEC3 has an empty type bitmap.
        DenialProof proof = DenialOfExistence.ProveNoData(response.Questions[0].Name, RecordType.A, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
    }

    [Fact]
    public void Rfc5155AppendixB3ReferralToOptOutUnsignedZone()
    {
        DnsMessage response = s_zone.Load("b3-referral-opt-out.txt");
        // The NS RRset at the cut and the glue are not signed (RFC 4035 §2.2); the two NSEC3 RRsets are.
        Assert.Equal(2, s_zone.AssertEverySignatureVerifies(response));

        // No DS for c.example: closest encloser example, next closer c.example covered by an opt-out NSEC3 — the
        // delegation is unsigned (Insecure), as the chain of trust treats it.
        DenialProof proof = DenialOfExistence.ProveNoData(DomainName.Parse("c.example."), RecordType.DS, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);
        Assert.Equal(s_example, proof.ClosestEncloser);
    }

    [Fact]
    public async Task Rfc5155AppendixB4WildcardExpansion()
    {
        DnsMessage response = s_zone.Load("b4-wildcard-expansion.txt");
        Assert.Equal(4, s_zone.AssertEverySignatureVerifies(response));

        // The MX RRSIG has 2 labels for a 4-label owner: expanded from *.w.example. The next closer z.w.example is
        // covered, but by an opt-out NSEC3, so the expansion is not proven secure (Unbound: no AD).
        RrsigRdata rrsig = response.Answers.Select(r => r.Data).OfType<RrsigRdata>().Single();
        Assert.Equal(2, rrsig.Labels);
        DenialProof proof = DenialOfExistence.ProveWildcardAnswer(response.Questions[0].Name, rrsig.Labels, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.True(proof.OptOut);

        ValidatedLookup result = await s_zone.AssertResolvesAsync(response, DnssecStatus.Insecure, ResponseCode.NoError);
        Assert.Equal("1 ai.example.", Assert.Single(result.RecordsOf<MxRdata>()).ToString());
    }

    [Fact]
    public async Task Rfc5155AppendixB5WildcardNoData()
    {
        DnsMessage response = s_zone.Load("b5-wildcard-no-data.txt");
        Assert.Equal(4, s_zone.AssertEverySignatureVerifies(response));

        // Closest encloser w.example, next closer z.w.example covered (opt-out), *.w.example matched without AAAA.
        DenialProof proof = DenialOfExistence.ProveNoData(response.Questions[0].Name, RecordType.AAAA, Nsec3(response), s_example);
        Assert.Equal(DnssecStatus.Insecure, proof.Status);
        Assert.Equal(DomainName.Parse("w.example."), proof.ClosestEncloser);

        await s_zone.AssertResolvesAsync(response, DnssecStatus.Insecure, ResponseCode.NoError);
    }

    [Fact]
    public async Task Rfc5155AppendixB2NoData_OutsideTheValidityWindow_IsBogus()
    {
        // The same response a day after the signatures expired: the pinned clock is what made it valid.
        ValidatedLookup result = await s_zone.ResolveAsync(s_zone.Load("b2-no-data.txt"), new DateTimeOffset(2015, 4, 22, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.SignatureExpired, result.Failure!.Kind);
    }

    private static List<ResourceRecord> Nsec3(DnsMessage response) => AppendixExampleZone.Authorities(response, RecordType.NSEC3);
}
