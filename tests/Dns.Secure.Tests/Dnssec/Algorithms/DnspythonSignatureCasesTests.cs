using System.Globalization;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Records;
using DnsSecure.Text;

namespace DnsSecure.Tests.Dnssec.Algorithms;

/// <summary>
/// The 33 signature cases of dnspython's validator tests (tests/TestData/dnspython/cases.tsv), driven through the
/// record classes (RRSet.GetSigningInput) and <see cref="SignatureVerifier"/>. Only the signature layer is exercised:
/// the checks a validator makes around one RRSIG (RFC 4035 §5.3.1 and §5.3.2) are done here in a few lines.
/// </summary>
public sealed class DnspythonSignatureCasesTests
{
    private static readonly string s_directory = Path.Combine(AppContext.BaseDirectory, "TestData", "dnspython");

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (string[] row in ReadCases())
        {
            data.Add(row[0]);
        }

        return data;
    }

    [Fact]
    public void Cases_FileHoldsAll33()
    {
        Assert.Equal(33, ReadCases().Count());
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Validate_DnspythonCase_GivesTheExpectedVerdict(string id)
    {
        string[] row = ReadCases().Single(r => r[0] == id);
        string files = row[1];
        string[] rrsetColumn = row[2].Split(' ');
        DomainName owner = DomainName.Parse(rrsetColumn[0]);
        RecordType type = RecordTypeText.TryParseType(rrsetColumn[1], out RecordType t) ? t : throw new InvalidDataException(row[2]);
        uint now = uint.Parse(row[4], CultureInfo.InvariantCulture);
        string expected = row[6];

        (IReadOnlyList<ResourceRecord> main, IReadOnlyList<ResourceRecord> rrsetSource, IReadOnlyList<ResourceRecord> keySource) = LoadCase(files);
        RRSet rrset = RRSet.Create(rrsetSource.Where(r => r.Type == type && r.Name == owner));
        List<ResourceRecord> keys = keySource.Where(r => r.Data is DnskeyRdata).ToList();
        List<RrsigRdata> rrsigs = main.Select(r => r.Data).OfType<RrsigRdata>().Where(s => s.TypeCovered == type).ToList();
        Assert.NotEmpty(rrsigs);

        SignatureVerdict verdict = Validate(rrset, rrsigs, keys, now);

        SignatureVerdict want = expected switch
        {
            "VALID" => SignatureVerdict.Valid,
            "INVALID" => SignatureVerdict.Invalid,
            // RSAMD5 and DSA verify cryptographically in dnspython, but RFC 8624 §3.1 says MUST NOT validate: we report unsupported.
            "VALID-CRYPTO / POLICY" => SignatureVerdict.UnsupportedAlgorithm,
            "INVALID (unsupported)" => SignatureVerdict.UnsupportedAlgorithm,
            _ => throw new InvalidDataException(expected),
        };
        if (want == SignatureVerdict.Invalid && rrsigs.All(s => !SignatureAlgorithm.IsSupported(s.Algorithm)))
        {
            // dsa-tampered: dnspython can check DSA and finds the data changed; we do not check DSA at all (RFC 8624 §3.1).
            want = SignatureVerdict.UnsupportedAlgorithm;
        }

        Assert.Equal(want, verdict);
    }

    /// <summary>The best verdict any RRSIG gets with any matching key: Valid, then Unsupported, then Invalid.</summary>
    private static SignatureVerdict Validate(RRSet rrset, List<RrsigRdata> rrsigs, List<ResourceRecord> keys, uint now)
    {
        var verifier = new SignatureVerifier(new VerificationKeyCache());
        SignatureVerdict best = SignatureVerdict.Invalid;
        foreach (RrsigRdata rrsig in rrsigs)
        {
            // RFC 4035 §5.3.1: the RRset is in the signer's zone, and the validity window includes now (inclusive both ends).
            if (!rrset.Name.IsSubdomainOf(rrsig.SignerName) || now < rrsig.SignatureInception || now > rrsig.SignatureExpiration)
            {
                continue;
            }

            if (!rrset.TryGetSigningInput(rrsig, out byte[]? signingInput))
            {
                continue;
            }

            // RFC 4035 §5.3.1: key owner = signer, same algorithm and key tag, zone key, protocol 3. Every candidate is tried.
            foreach (ResourceRecord keyRecord in keys)
            {
                var key = (DnskeyRdata)keyRecord.Data;
                if (keyRecord.Name != rrsig.SignerName || key.Algorithm != rrsig.Algorithm || key.KeyTag != rrsig.KeyTag
                    || !key.IsZoneKey || key.Protocol != 3)
                {
                    continue;
                }

                SignatureVerdict verdict = verifier.Verify(key.Algorithm, key.PublicKey.Span, signingInput, rrsig.Signature.Span);
                if (verdict == SignatureVerdict.Valid)
                {
                    return verdict;
                }

                if (verdict == SignatureVerdict.UnsupportedAlgorithm)
                {
                    best = verdict;
                }
            }
        }

        return best;
    }

    private static (IReadOnlyList<ResourceRecord> Main, IReadOnlyList<ResourceRecord> RRsetSource, IReadOnlyList<ResourceRecord> KeySource) LoadCase(string files)
    {
        string first = files.Split(' ')[0];
        IReadOnlyList<ResourceRecord> main = Read(first);
        IReadOnlyList<ResourceRecord> rrsetSource = main;
        IReadOnlyList<ResourceRecord> keySource = main;
        if (files.Contains(" + ", StringComparison.Ordinal))
        {
            string second = files[(files.IndexOf(" + ", StringComparison.Ordinal) + 3)..].Trim();
            // "X.zone + .tampered.zone" means X.tampered.zone.
            string path = second.StartsWith('.') ? first[..^".zone".Length] + second : second;
            rrsetSource = Read(path);
        }

        if (files.Contains("without its DNSKEYs", StringComparison.Ordinal))
        {
            keySource = [];
        }

        if (first.StartsWith("wildcard-", StringComparison.Ordinal) && !main.Any(r => r.Data is DnskeyRdata))
        {
            // README: the wildcard variants take their keys from wildcard-example-com.zone.
            keySource = Read("wildcard-example-com.zone");
        }

        return (main, rrsetSource, keySource);
    }

    private static IReadOnlyList<ResourceRecord> Read(string file) =>
        ZoneFileReader.ReadFile(Path.Combine(s_directory, file), new ZoneFileReaderOptions { DefaultTtl = 3600 });

    private static IEnumerable<string[]> ReadCases() =>
        File.ReadLines(Path.Combine(s_directory, "cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("case\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'));
}
