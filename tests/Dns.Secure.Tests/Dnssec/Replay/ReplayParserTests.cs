using System.Globalization;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.Replay;

public class ReplayParserTests
{
    internal static readonly string SuiteDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "nlnetlabs-domain-validator");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(SuiteDirectory, "*.rpl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Suite_Has96FilesListedInIndex()
    {
        string[] files = Directory.GetFiles(SuiteDirectory, "*.rpl");
        Assert.Equal(96, files.Length);
        var indexed = ReadIndex().Select(r => r.File).ToHashSet(StringComparer.Ordinal);
        Assert.All(files, f => Assert.Contains(Path.GetFileName(f), indexed));
        Assert.True(File.Exists(Path.Combine(SuiteDirectory, "LICENSE")));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_File_MatchesIndex(string file)
    {
        ReplayScenario scenario = ReplayParser.ParseFile(Path.Combine(SuiteDirectory, file));
        var row = ReadIndex().Single(r => r.File == file);

        Assert.Equal(row.Title, scenario.Title);
        Assert.Equal(row.AnchorCount, scenario.Config.TrustAnchors.Length + scenario.Config.RejectedTrustAnchors.Length);
        Assert.Equal(row.NegativeAnchorCount, scenario.Config.DomainInsecure.Length);
        Assert.All(scenario.Config.TrustAnchors, ta => Assert.True(ta.Type is RecordType.DS or RecordType.DNSKEY, ta.ToString()));
        Assert.Equal(row.Time, scenario.Config.ValidationTime);
        var queries = scenario.Steps.Where(s => s.Kind == ReplayStepKind.Query).ToList();
        var checks = scenario.Steps.Where(s => s.Kind == ReplayStepKind.CheckAnswer).ToList();
        Assert.Equal(row.Queries, queries.Count);
        Assert.Equal(row.Expected.Length, checks.Count);
        for (int k = 0; k < checks.Count; k++)
        {
            ReplayEntry e = checks[k].Entry!;
            string expected = $"{RcodeText(e.ResponseCode)}/{(e.HasFlag("AD") ? "AD" : "noAD")}";
            Assert.Equal(row.Expected[k], expected);
        }

        Assert.All(queries, q => Assert.Single(q.Entry!.Question));
        Assert.NotEmpty(scenario.Ranges);
    }

    [Fact]
    public void Parse_WholeSuite_Counts()
    {
        var scenarios = Directory.GetFiles(SuiteDirectory, "*.rpl").Select(ReplayParser.ParseFile).ToList();
        int checks = scenarios.Sum(s => s.Steps.Count(x => x.Kind == ReplayStepKind.CheckAnswer));
        int records = scenarios.Sum(s => s.AllRecords.Count());
        int entries = scenarios.Sum(s => s.Ranges.Sum(r => r.Entries.Length));
        Assert.Equal(ReadIndex().Sum(r => r.Expected.Length), checks);
        Assert.Equal(158, checks);
        Assert.True(entries > 1000, $"range entries: {entries}");
        Assert.True(records > 3000, $"records: {records}");
        // Every record prints in a form our parser reads back to the same record.
        Assert.All(scenarios.SelectMany(s => s.AllRecords), rr => Assert.Equal(rr, ResourceRecord.Parse(rr.ToString())));
        Assert.Equal(2, scenarios.Count(s => !s.Config.DomainInsecure.IsEmpty));
        Assert.Equal(0, scenarios.Sum(s => s.Config.RejectedTrustAnchors.Length));
        Assert.Equal(2, scenarios.Sum(s => s.Steps.Count(x => x.Kind == ReplayStepKind.TimePasses)));
    }

    [Fact]
    public void Parse_AnchorWithDigestOfWrongLength_IsKeptAsUnusableDs()
    {
        // The trust anchor claims SHA-1 (20 octets) but carries 32: it decodes as a DS that can never match (RFC 6840
        // §5.2), and the validator fails closed on it (SERVFAIL, as the scenario expects).
        ReplayScenario s = ReplayParser.ParseFile(Path.Combine(SuiteDirectory, "val_minimal_baddsdigesttype.rpl"));
        Assert.Empty(s.Config.RejectedTrustAnchors);
        var ds = Assert.IsType<DsRdata>(Assert.Single(s.Config.TrustAnchors).Data);
        Assert.False(ds.HasExpectedDigestLength);
    }

    [Fact]
    public void Parse_MinimalScenario_ReadsEveryPart()
    {
        const string text = """
            server:
                trust-anchor: "example. IN DS 1 8 2 0000000000000000000000000000000000000000000000000000000000000000"
                val-override-timestamp: 1000000  # comment
                domain-insecure: "insecure.example."
            CONFIG_END
            SCENARIO_BEGIN A tiny test
            RANGE_BEGIN 0 100
                ADDRESS 192.0.2.1
            ENTRY_BEGIN
            MATCH opcode qtype qname
            ADJUST copy_id
            REPLY QR AA NXDOMAIN ; comment
            SECTION QUESTION
            www.example. IN A
            SECTION AUTHORITY
            example. 3600 IN NS ns.example.
            ENTRY_END
            RANGE_END
            STEP 1 QUERY
            ENTRY_BEGIN
            REPLY RD DO
            SECTION QUESTION
            www.example. IN A
            ENTRY_END
            STEP 5 TIME_PASSES ELAPSE 30
            STEP 10 CHECK_ANSWER
            ENTRY_BEGIN
            MATCH all
            REPLY QR RD RA AD NXDOMAIN
            SECTION QUESTION
            www.example. IN A
            ENTRY_END
            SCENARIO_END
            """;

        ReplayScenario s = ReplayParser.Parse(text, "tiny.rpl");

        Assert.Equal("A tiny test", s.Title);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1000000), s.Config.ValidationTime);
        Assert.Equal(DomainName.Parse("insecure.example."), Assert.Single(s.Config.DomainInsecure));
        Assert.Equal(RecordType.DS, Assert.Single(s.Config.TrustAnchors).Type);
        ReplayRange range = Assert.Single(s.Ranges);
        Assert.Equal((0, 100), (range.First, range.Last));
        ReplayEntry entry = Assert.Single(range.Entries);
        Assert.Equal(ResponseCode.NXDomain, entry.ResponseCode);
        Assert.True(entry.HasFlag("AA"));
        Assert.Equal(RecordType.NS, Assert.Single(entry.Authority).Type);
        Assert.Equal([ReplayStepKind.Query, ReplayStepKind.TimePasses, ReplayStepKind.CheckAnswer], s.Steps.Select(x => x.Kind));
        Assert.Equal(30, s.Steps[1].ElapseSeconds);
        Assert.True(s.Steps[0].Entry!.ToQuery(7).Edns!.DnssecOk);
    }

    [Fact]
    public void Parse_MissingScenarioEnd_Throws()
    {
        const string text = "server:\nCONFIG_END\nSCENARIO_BEGIN x\n";
        Assert.Throws<DnsSecure.Wire.DnsFormatException>(() => ReplayParser.Parse(text, "bad.rpl"));
    }

    private static string RcodeText(ResponseCode rcode) => rcode switch
    {
        ResponseCode.NoError => "NOERROR",
        ResponseCode.NXDomain => "NXDOMAIN",
        ResponseCode.ServFail => "SERVFAIL",
        _ => rcode.ToString().ToUpperInvariant(),
    };

    internal sealed record IndexRow(string File, string Title, DateTimeOffset? Time, int AnchorCount, int NegativeAnchorCount, int Queries, string[] Expected);

    internal static IEnumerable<IndexRow> ReadIndex() => ReadIndex(SuiteDirectory);

    internal static IEnumerable<IndexRow> ReadIndex(string directory)
    {
        foreach (string line in File.ReadLines(Path.Combine(directory, "INDEX.tsv")))
        {
            if (line.StartsWith('#') || line.StartsWith("file\t", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split('\t');
            DateTimeOffset? time = f[2].Length switch
            {
                0 => null,
                14 => DateTimeOffset.ParseExact(f[2], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[2], CultureInfo.InvariantCulture)),
            };
            string[] anchors = f[3].Split(';', StringSplitOptions.RemoveEmptyEntries);
            int negative = anchors.Count(a => a.StartsWith("domain-insecure:", StringComparison.Ordinal));
            yield return new IndexRow(f[0], f[1], time, anchors.Length - negative, negative, int.Parse(f[7], CultureInfo.InvariantCulture), f[8].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
