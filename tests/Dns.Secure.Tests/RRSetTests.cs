using System.Net;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests;

public class RRSetTests
{
    private static readonly DomainName s_owner = DomainName.Parse("www.example.");

    private static ResourceRecord A(string address, uint ttl = 300, string owner = "www.example.") =>
        new(DomainName.Parse(owner), ttl, new ARdata(IPAddress.Parse(address)));

    private static ResourceRecord Ns(string target, uint ttl = 300) =>
        new(DomainName.Parse("example."), ttl, new NsRdata(DomainName.Parse(target)));

    [Fact]
    public void Create_SortsByCanonicalRdataAndRemovesDuplicates()
    {
        RRSet set = RRSet.Create([A("192.0.2.10"), A("192.0.2.2"), A("192.0.2.1"), A("192.0.2.2")]);
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.10"], set.Data.Select(d => d.ToString()).ToArray());
        Assert.Equal(3, set.Count);
        Assert.Equal(RecordType.A, set.Type);
        Assert.Equal(RecordClass.IN, set.Class);
    }

    [Fact]
    public void Create_OrdersNamesInRdataAsOctetsNotAsNames()
    {
        // RFC 4034 §6.3: RDATA is compared as a left-justified octet string of its canonical form, so the length
        // octet of "b" (1) sorts before that of "aa" (2), and names equal but for case are duplicates (§6.2 lowercases NS).
        RRSet set = RRSet.Create([Ns("aa.example."), Ns("b.example."), Ns("AA.Example."), Ns("a.example.")]);
        Assert.Equal(["a.example.", "b.example.", "aa.example."], set.Data.Select(d => d.ToString()).ToArray());
    }

    [Fact]
    public void Create_DifferentTtls_UsesTheLowestAndSaysSo()
    {
        // RFC 2181 §5.2.
        RRSet set = RRSet.Create([A("192.0.2.1", 600), A("192.0.2.2", 300), A("192.0.2.3", 900)]);
        Assert.Equal(300u, set.Ttl);
        Assert.True(set.TtlsDiffered);
        Assert.All(set.Records, r => Assert.Equal(300u, r.Ttl));
        Assert.False(RRSet.Create([A("192.0.2.1"), A("192.0.2.2")]).TtlsDiffered);
    }

    [Fact]
    public void Create_OwnerCaseDiffers_IsOneSet()
    {
        RRSet set = RRSet.Create([A("192.0.2.1", owner: "WWW.example."), A("192.0.2.2", owner: "www.EXAMPLE.")]);
        Assert.Equal(2, set.Count);
        Assert.Equal("WWW.example.", set.Name.ToString());
    }

    [Fact]
    public void Create_MixedOwnerTypeOrClass_IsArgumentError()
    {
        Assert.Throws<ArgumentException>(() => RRSet.Create([A("192.0.2.1"), A("192.0.2.2", owner: "ftp.example.")]));
        Assert.Throws<ArgumentException>(() => RRSet.Create([A("192.0.2.1"), new ResourceRecord(s_owner, 300, new NsRdata(s_owner))]));
        Assert.Throws<ArgumentException>(() => RRSet.Create([A("192.0.2.1"), A("192.0.2.2") with { Class = RecordClass.CH }]));
        Assert.Throws<ArgumentException>(() => RRSet.Create([]));
    }

    [Fact]
    public void Group_KeepsOrderOfFirstAppearance()
    {
        var sets = RRSet.Group([A("192.0.2.1"), Ns("ns.example."), A("192.0.2.1", owner: "ftp.example."), A("192.0.2.2", owner: "WWW.EXAMPLE.")]);
        Assert.Equal(3, sets.Length);
        Assert.Equal(("www.example.", RecordType.A, 2), (sets[0].Name.ToString(), sets[0].Type, sets[0].Count));
        Assert.Equal(RecordType.NS, sets[1].Type);
        Assert.Equal("ftp.example.", sets[2].Name.ToString());
    }

    [Fact]
    public void GetSigningInput_Layout_IsRrsigPrefixThenCanonicalRecords()
    {
        // RFC 4034 §3.1.8.1: RRSIG RDATA without signature, then owner | type | class | original TTL | RDLENGTH | RDATA per RR.
        RRSet set = RRSet.Create([A("192.0.2.2", 60, "WWW.Example."), A("192.0.2.1", 60, "WWW.Example.")]);
        var sig = (RrsigRdata)RdataAssert.Parse(RecordType.RRSIG, "A 13 2 3600 20360101000000 20260101000000 9047 EXAMPLE. AAAA");
        byte[] input = set.GetSigningInput(sig);
        string owner = "03777777076578616D706C6500";
        string expected = Convert.ToHexString(sig.GetRdataWithoutSignature())
            + owner + "0001" + "0001" + "00000E10" + "0004" + "C0000201"
            + owner + "0001" + "0001" + "00000E10" + "0004" + "C0000202";
        Assert.Equal(expected, Convert.ToHexString(input));
        Assert.EndsWith("076578616D706C6500", Convert.ToHexString(sig.GetRdataWithoutSignature()), StringComparison.Ordinal);
    }

    [Fact]
    public void GetSigningInput_CoveredTypeOrLabelsDoNotFit_Fails()
    {
        RRSet set = RRSet.Create([A("192.0.2.1")]);
        var otherType = (RrsigRdata)RdataAssert.Parse(RecordType.RRSIG, "NS 13 2 300 20360101000000 20260101000000 1 example. AAAA");
        var tooManyLabels = (RrsigRdata)RdataAssert.Parse(RecordType.RRSIG, "A 13 3 300 20360101000000 20260101000000 1 example. AAAA");
        Assert.False(set.TryGetSigningInput(otherType, out _));
        Assert.False(set.TryGetSigningInput(tooManyLabels, out _));
        Assert.Throws<ArgumentException>(() => set.GetSigningInput(tooManyLabels));
    }

    [Fact]
    public void DnspythonEcdsaP256Soa_SigningInputVerifies()
    {
        List<ResourceRecord> records = TestFiles.ReadDnspythonRecords("ecdsap256-example.zone", RecordType.DNSKEY, RecordType.SOA, RecordType.RRSIG);
        var keys = records.Select(r => r.Data).OfType<DnskeyRdata>().ToList();
        Assert.Equal(1, SignatureCheck.VerifyAll(records.Where(r => r.Type != RecordType.DNSKEY).ToList(), keys));
    }

    [Fact]
    public void DnspythonWildcardExpansions_SignAsTheWildcard()
    {
        // RFC 4035 §5.3.2: with Labels 2, a.example.com. and a.b.c.example.com. are signed as *.example.com.
        var keys = TestFiles.ReadDnspythonRecords("wildcard-example-com.zone", RecordType.DNSKEY).Select(r => (DnskeyRdata)r.Data).ToList();
        byte[]? wildcardInput = null;
        foreach (string file in new[] { "wildcard-example-com.zone", "wildcard-expanded-a-example-com.zone", "wildcard-expanded-a-b-c-example-com.zone" })
        {
            List<ResourceRecord> records = TestFiles.ReadDnspythonRecords(file, RecordType.TXT, RecordType.RRSIG);
            Assert.Equal(1, SignatureCheck.VerifyAll(records, keys));
            var sig = (RrsigRdata)records.Single(r => r.Type == RecordType.RRSIG).Data;
            byte[] input = RRSet.Create(records.Where(r => r.Type == RecordType.TXT)).GetSigningInput(sig);
            wildcardInput ??= input;
            Assert.Equal(wildcardInput, input);
        }
    }

    [Fact]
    public void DnspythonWildcardLabels99_HasNoSigningInput()
    {
        List<ResourceRecord> records = TestFiles.ReadDnspythonRecords("wildcard-negative-labels-99.zone", RecordType.TXT, RecordType.RRSIG);
        var sig = (RrsigRdata)records.Single(r => r.Type == RecordType.RRSIG).Data;
        Assert.Equal(99, sig.Labels);
        Assert.False(RRSet.Create(records.Where(r => r.Type == RecordType.TXT)).TryGetSigningInput(sig, out _));
    }

    [Theory]
    [InlineData("alg13-nsec.example.signed")]
    [InlineData("alg8-nsec3.example.signed")]
    [InlineData("alg15-nsec3.example.signed")]
    public void BindSignedZone_EveryRrsigVerifiesOverOurSigningInput(string file)
    {
        // Covers the mixed-case owner (lowercased), the mixed-case NS target (lowercased, RFC 4034 §6.2) and the
        // mixed-case NSEC next name (kept, RFC 6840 §5.1).
        List<ResourceRecord> records = TestFiles.ReadZone("bind-signed", file);
        var keys = records.Select(r => r.Data).OfType<DnskeyRdata>().ToList();
        int signatures = records.Count(r => r.Type == RecordType.RRSIG);
        Assert.True(signatures > 10);
        Assert.Equal(signatures, SignatureCheck.VerifyAll(records, keys));
    }

    [Theory]
    [InlineData("alg13-wildcard-a.txt", "alg13-nsec.example.signed")]
    [InlineData("alg13-www-a.txt", "alg13-nsec.example.signed")]
    [InlineData("alg13-nxdomain.txt", "alg13-nsec.example.signed")]
    [InlineData("alg8-nxdomain-multiline.txt", "alg8-nsec3.example.signed")]
    [InlineData("alg15-nodata.txt", "alg15-nsec3.example.signed")]
    public void BindDigAnswers_EveryRrsigVerifies(string digFile, string zoneFile)
    {
        // host.wild.alg13-nsec.example. is a wildcard expansion: its RRSIG has Labels 3 < 4.
        var keys = TestFiles.ReadZone("bind-signed", zoneFile).Select(r => r.Data).OfType<DnskeyRdata>().ToList();
        List<ResourceRecord> records = TestFiles.ReadZone("bind-signed", "dig", digFile);
        Assert.Equal(records.Count(r => r.Type == RecordType.RRSIG), SignatureCheck.VerifyAll(records, keys));
    }
}
