using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.Resolution;

namespace DnsSecure.Tests.Dnssec.Denial;

/// <summary>
/// An empty non-terminal exists (RFC 4592 §2.2.2): an NSEC that covers it in canonical order but whose next name lies below
/// it proves the name exists, never NXDOMAIN (RFC 4035 §3.1.3.2). Found by the differential test against Unbound
/// (<c>ent.wc. A</c> after <c>x.cn.wc. A</c>: the wildcard proof's NSEC was reused by RFC 8198 synthesis as an NXDOMAIN).
/// </summary>
public sealed class EmptyNonTerminalDenialTests : IDisposable
{
    // . SOA; NSEC chain . → b. → x.c. → (wraps) .   "c." is an empty non-terminal (x.c. exists).
    private const string Soa = ". 3600 IN SOA a. b. 1 1800 900 604800 300";
    private const string ApexNsec = ". 3600 IN NSEC b. NS SOA RRSIG NSEC DNSKEY";
    private const string BNsec = "b. 3600 IN NSEC x.c. A RRSIG NSEC";
    private readonly ScriptedZone _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void ProveNameError_CoveringNsecWhoseNextIsBelowTheName_IsBogus()
    {
        var records = new[] { ResourceRecord.Parse(ApexNsec), ResourceRecord.Parse(BNsec) };

        DenialProof proof = DenialOfExistence.ProveNameError(DomainName.Parse("c."), records, DomainName.Root);

        Assert.Equal(DnssecStatus.Bogus, proof.Status);
        Assert.Equal(ValidationFailureKind.InvalidDenial, proof.Failure!.Kind);
    }

    [Fact]
    public void ProveNoData_SameNsecForTheEmptyNonTerminal_IsSecure()
    {
        var records = new[] { ResourceRecord.Parse(BNsec) };

        DenialProof proof = DenialOfExistence.ProveNoData(DomainName.Parse("c."), RecordType.A, records, DomainName.Root);

        Assert.Equal(DnssecStatus.Secure, proof.Status);
    }

    [Fact]
    public async Task Resolve_NxdomainForAnEmptyNonTerminal_IsBogus()
    {
        // A forged (or broken) NXDOMAIN for the existing "c.", with validly signed NSECs.
        _root.Respond("c.", RecordType.A, [], _root.Signed(Soa, ApexNsec, BNsec), ResponseCode.NXDomain);

        ValidatedLookup result = await _root.Resolver().ResolveAsync("c.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
    }

    [Fact]
    public async Task Resolve_EmptyNonTerminalAfterCachingTheCoveringNsec_IsSynthesisedNodataNotNxdomain()
    {
        // "ba." is NXDOMAIN (covered by b. → x.c., no wildcard: . → b. covers *.): both NSECs are cached (RFC 8198).
        _root.Respond("ba.", RecordType.A, [], _root.Signed(Soa, ApexNsec, BNsec), ResponseCode.NXDomain);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(ResponseCode.NXDomain, (await resolver.ResolveAsync("ba.", RecordType.A)).ResponseCode);

        ValidatedLookup result = await resolver.ResolveAsync("c.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public async Task Resolve_ChainMeetsAnNxdomainForDsAtAnEmptyNonTerminal_TakesItAsNoCutAndIsSecure()
    {
        // A signed zone x.c. below the empty non-terminal c.; the root's server answers the DS query at c. with NXDOMAIN
        // and the NSEC b. → x.c. that proves c. exists (a known server bug; Unbound's val_ans_nx). The signed NSEC still
        // proves there is no DS and no cut at c., so the walk goes on to x.c.
        using var child = new TestSigner("x.c.");
        var childKey = new ResourceRecord(child.Zone, RecordClass.IN, 3600, child.Dnskey);
        byte[] digest = DsDigest.Compute(DigestType.Sha256, child.Zone, child.Dnskey.ToWire())!;
        var ds = new ResourceRecord(child.Zone, RecordClass.IN, 3600, new DsRdata(child.Dnskey.KeyTag, child.Dnskey.Algorithm, DigestType.Sha256, digest));
        _root.Respond("c.", RecordType.DS, [], _root.Signed(Soa, ApexNsec, BNsec), ResponseCode.NXDomain);
        _root.Respond("x.c.", RecordType.DS, _root.Signed(ds));
        _root.Respond("x.c.", RecordType.DNSKEY, SignedBy(child, childKey));
        _root.Respond("www.x.c.", RecordType.A, SignedBy(child, ResourceRecord.Parse("www.x.c. 300 IN A 192.0.2.1")));

        ValidatedLookup result = await _root.Resolver().ResolveAsync("www.x.c.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
    }

    private static ResourceRecord[] SignedBy(TestSigner signer, ResourceRecord record)
    {
        RRSet rrset = RRSet.Group([record]).Single();
        return [record, new ResourceRecord(record.Name, record.Ttl, signer.Sign(rrset, ScriptedZone.Now.AddDays(-30), ScriptedZone.Now.AddDays(30)))];
    }
}
