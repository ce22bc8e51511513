using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Dnssec;

public class Nsec3HashTests
{
    /// <summary>dnspython's NSEC3 hash vectors: name, salt (hex, may be empty), iterations, algorithm, base32hex hash.</summary>
    public static TheoryData<string, string, ushort, byte, string> DnspythonVectors()
    {
        var data = new TheoryData<string, string, ushort, byte, string>();
        foreach (string line in File.ReadLines(TestFiles.PathOf("dnspython", "nsec3-hashes.tsv")))
        {
            string[] f = line.Split('\t');
            if (line.StartsWith('#') || f[0] == "name")
            {
                continue;
            }

            data.Add(f[0], f[1], ushort.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), byte.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), f[4]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DnspythonVectors))]
    public void Compute_DnspythonVectors_Match(string name, string saltHex, ushort iterations, byte algorithm, string expected)
    {
        Assert.True(Nsec3Hash.TryCompute(DomainName.Parse(name), (Nsec3HashAlgorithm)algorithm, Convert.FromHexString(saltHex), iterations, out byte[]? hash));
        Assert.Equal(expected, Nsec3Hash.ToLabel(hash));
    }

    [Theory]
    // RFC 5155 Appendix A: salt aabbccdd, 12 iterations.
    [InlineData("example", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom")]
    [InlineData("a.example", "35mthgpgcu1qg68fab165klnsnk3dpvl")]
    [InlineData("ai.example", "gjeqe526plbf1g8mklp59enfd789njgi")]
    [InlineData("ns1.example", "2t7b4g4vsa5smi47k61mv5bv1a22bojr")]
    [InlineData("ns2.example", "q04jkcevqvmu85r014c7dkba38o0ji5r")]
    [InlineData("w.example", "k8udemvp1j2f7eg6jebps17vp3n8i58h")]
    [InlineData("*.w.example", "r53bq7cc2uvmubfu5ocmm6pers9tk9en")]
    [InlineData("x.w.example", "b4um86eghhds6nea196smvmlo4ors995")]
    [InlineData("y.w.example", "ji6neoaepv8b5o6k4ev33abha8ht9fgc")]
    [InlineData("x.y.w.example", "2vptu5timamqttgl4luu9kg21e0aor3s")]
    [InlineData("xx.example", "t644ebqk9bibcna874givr6joj62mlhv")]
    public void Compute_Rfc5155AppendixA_Matches(string name, string expected)
    {
        byte[] hash = Nsec3Hash.Compute(DomainName.Parse(name), [0xAA, 0xBB, 0xCC, 0xDD], 12);
        Assert.Equal(expected, Nsec3Hash.ToLabel(hash));
        Assert.Equal(DomainName.Parse(expected + ".example."), Nsec3Hash.GetHashedOwnerName(hash, DomainName.Parse("example.")));
    }

    [Fact]
    public void Compute_IgnoresCase() =>
        Assert.Equal(
            Nsec3Hash.Compute(DomainName.Parse("X.W.Example"), [0xAA, 0xBB, 0xCC, 0xDD], 12),
            Nsec3Hash.Compute(DomainName.Parse("x.w.example"), [0xAA, 0xBB, 0xCC, 0xDD], 12));

    [Fact]
    public void TryCompute_UnknownAlgorithm_IsFalse() =>
        Assert.False(Nsec3Hash.TryCompute(DomainName.Parse("example.com."), (Nsec3HashAlgorithm)10, [], 0, out _));

    [Fact]
    public void TryGetOwnerHash_DecodesTheFirstLabelInEitherCase()
    {
        byte[] hash = Nsec3Hash.Compute(DomainName.Parse("example"), [0xAA, 0xBB, 0xCC, 0xDD], 12);
        Assert.True(Nsec3Hash.TryGetOwnerHash(DomainName.Parse("0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM.example."), out byte[]? decoded));
        Assert.Equal(hash, decoded);
        Assert.False(Nsec3Hash.TryGetOwnerHash(DomainName.Parse("not-base32hex.example."), out _));
        Assert.False(Nsec3Hash.TryGetOwnerHash(DomainName.Root, out _));
    }

    [Theory]
    [InlineData("alg8-nsec3.example.signed")]
    [InlineData("alg15-nsec3.example.signed")]
    public void BindNsec3Zones_EverySignedOwnerHashesToAnNsec3Owner(string file)
    {
        List<ResourceRecord> records = TestFiles.ReadZone("bind-signed", file);
        var param = (Nsec3ParamRdata)records.Single(r => r.Type == RecordType.NSEC3PARAM).Data;
        DomainName apex = records.Single(r => r.Type == RecordType.NSEC3PARAM).Name;
        var nsec3 = records.Where(r => r.Type == RecordType.NSEC3).ToList();
        var owners = nsec3.Select(r => r.Name).ToHashSet();

        // Every name with signed data (RFC 5155 §7.1), and every empty non-terminal above one, has an NSEC3 record.
        var names = records.Where(r => r.Type is not (RecordType.NSEC3 or RecordType.RRSIG) && records.Any(s => s.Type == RecordType.RRSIG && s.Name == r.Name))
            .Select(r => r.Name).ToHashSet();
        foreach (DomainName name in names.ToList())
        {
            for (DomainName n = name.Parent(); n.IsStrictSubdomainOf(apex); n = n.Parent())
            {
                names.Add(n);
            }
        }

        Assert.Contains(DomainName.Parse("deep." + apex), names);
        foreach (DomainName name in names)
        {
            byte[] hash = Nsec3Hash.Compute(name, param.Salt.Span, param.Iterations);
            Assert.Contains(Nsec3Hash.GetHashedOwnerName(hash, apex), owners);
        }

        // The next hashed owner names close the chain: each names another NSEC3 owner.
        foreach (ResourceRecord rr in nsec3)
        {
            var data = (Nsec3Rdata)rr.Data;
            Assert.Contains(Nsec3Hash.GetHashedOwnerName(data.NextHashedOwnerName.Span, apex), owners);
            Assert.Equal(param.Salt.ToArray(), data.Salt.ToArray());
            Assert.Equal(file.StartsWith("alg8", StringComparison.Ordinal), data.OptOut);
        }
    }
}
