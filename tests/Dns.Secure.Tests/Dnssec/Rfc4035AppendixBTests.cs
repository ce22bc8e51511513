using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec;

/// <summary>
/// The example responses of RFC 4035 Appendix B over the Appendix A zone (tests/TestData/rfc4035, RSASHA1, signatures
/// valid 2004-04-09 to 2004-05-09): every RRSIG verifies with the Appendix A keys at a time inside that window, the NSEC
/// proof holds, and the validating resolver (anchored at the Appendix A KSK) calls each answer Secure.
/// </summary>
public sealed class Rfc4035AppendixBTests
{
    private static readonly AppendixExampleZone s_zone = new("rfc4035", new(2004, 4, 20, 0, 0, 0, TimeSpan.Zero));
    private static readonly DomainName s_example = s_zone.Apex;

    [Fact]
    public void Rfc4035AppendixADnskeyRrset_IsSignedByBothKeys()
    {
        var split = MessageSections.Split(s_zone.Keys.Answers);
        RRSet keys = split.Find(s_example, RecordType.DNSKEY)!;
        Assert.Equal([38519, 9465], s_zone.Dnskeys.Select(k => (int)k.KeyTag));
        foreach (RrsigRdata rrsig in split.SignaturesFor(s_example, RecordType.DNSKEY))
        {
            Assert.Equal(DnssecStatus.Secure, s_zone.Verifier().Verify(keys, [rrsig], s_zone.Dnskeys, s_example).Status);
        }
    }

    [Fact]
    public async Task Rfc4035AppendixB1Answer()
    {
        DnsMessage response = s_zone.Load("b1-answer.txt");
        Assert.Equal(3, s_zone.AssertEverySignatureVerifies(response));

        ValidatedLookup result = await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
        Assert.Equal("1 xx.example.", Assert.Single(result.RecordsOf<MxRdata>()).ToString());
    }

    [Fact]
    public async Task Rfc4035AppendixB2NameError()
    {
        DnsMessage response = s_zone.Load("b2-name-error.txt");
        Assert.Equal(3, s_zone.AssertEverySignatureVerifies(response));

        // b.example NSEC covers ml.example; the apex NSEC covers the wildcard *.example.
        DenialProof proof = DenialOfExistence.ProveNameError(response.Questions[0].Name, Nsec(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NXDomain);
    }

    [Fact]
    public async Task Rfc4035AppendixB3NoData()
    {
        DnsMessage response = s_zone.Load("b3-no-data.txt");
        Assert.Equal(2, s_zone.AssertEverySignatureVerifies(response));

        DenialProof proof = DenialOfExistence.ProveNoData(response.Questions[0].Name, RecordType.MX, Nsec(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        ValidatedLookup result = await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public void Rfc4035AppendixB4ReferralToSignedZone()
    {
        DnsMessage response = s_zone.Load("b4-referral-to-signed-zone.txt");
        // The DS RRset is signed by the parent; the NS RRset at the cut and the glue are not (RFC 4035 §2.2).
        Assert.Equal(1, s_zone.AssertEverySignatureVerifies(response));
        var ds = Assert.Single(response.Authorities.Select(r => r.Data).OfType<DsRdata>());
        Assert.Equal((57855, DnssecAlgorithm.RsaSha1, DigestType.Sha1, true), (ds.KeyTag, ds.Algorithm, ds.DigestType, ds.HasExpectedDigestLength));
    }

    [Fact]
    public void Rfc4035AppendixB5ReferralToUnsignedZone()
    {
        DnsMessage response = s_zone.Load("b5-referral-to-unsigned-zone.txt");
        Assert.Equal(1, s_zone.AssertEverySignatureVerifies(response));

        // The b.example NSEC has NS and no DS or SOA: a proven unsigned delegation (RFC 4035 §5.2).
        DenialProof proof = DenialOfExistence.ProveNoData(DomainName.Parse("b.example."), RecordType.DS, Nsec(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);
        Assert.True(proof.IsDelegation);
    }

    [Fact]
    public async Task Rfc4035AppendixB6WildcardExpansion()
    {
        DnsMessage response = s_zone.Load("b6-wildcard-expansion.txt");
        Assert.Equal(5, s_zone.AssertEverySignatureVerifies(response));

        RrsigRdata rrsig = response.Answers.Select(r => r.Data).OfType<RrsigRdata>().Single();
        DenialProof proof = DenialOfExistence.ProveWildcardAnswer(response.Questions[0].Name, rrsig.Labels, Nsec(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        ValidatedLookup result = await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
        Assert.Equal("1 ai.example.", Assert.Single(result.RecordsOf<MxRdata>()).ToString());
    }

    [Fact]
    public async Task Rfc4035AppendixB7WildcardNoData()
    {
        DnsMessage response = s_zone.Load("b7-wildcard-no-data.txt");
        Assert.Equal(3, s_zone.AssertEverySignatureVerifies(response));

        DenialProof proof = DenialOfExistence.ProveNoData(response.Questions[0].Name, RecordType.AAAA, Nsec(response), s_example);
        Assert.Equal(DnssecStatus.Secure, proof.Status);

        await s_zone.AssertResolvesAsync(response, DnssecStatus.Secure, ResponseCode.NoError);
    }

    [Fact]
    public async Task Rfc4035AppendixB8DsChildZoneNoData()
    {
        DnsMessage response = s_zone.Load("b8-ds-child-zone-no-data.txt");
        Assert.Equal(2, s_zone.AssertEverySignatureVerifies(response));

        // The apex NSEC (SOA bit set) comes from the child side of the cut: it shows the child has no DS at its apex,
        // but it can never prove an unsigned delegation (RFC 6840 §4.4).
        DenialProof proof = DenialOfExistence.ProveNoData(s_example, RecordType.DS, Nsec(response), s_example);
        Assert.False(proof.IsDelegation);

        ValidatedLookup result = await s_zone.ResolveAsync(response);
        Assert.NotEqual(DnssecStatus.Insecure, result.Status);
    }

    [Fact]
    public async Task Rfc4035AppendixB1Answer_AfterTheValidityWindow_IsBogus()
    {
        ValidatedLookup result = await s_zone.ResolveAsync(s_zone.Load("b1-answer.txt"), new DateTimeOffset(2004, 5, 11, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.SignatureExpired, result.Failure!.Kind);
    }

    private static List<ResourceRecord> Nsec(DnsMessage response) => AppendixExampleZone.Authorities(response, RecordType.NSEC);
}
