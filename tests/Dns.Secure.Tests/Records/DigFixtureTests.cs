using System.Text.RegularExpressions;
using DnsSecure.Records;
using DnsSecure.Text;

namespace DnsSecure.Tests.Records;

/// <summary>
/// Checks against real NSD responses and dig's rendering of them (tests/TestData/dig, see its README):
/// every record dig printed parses, the raw responses decode to the same records, and our text equals dig's.
/// </summary>
public partial class DigFixtureTests
{
    private static readonly string s_directory = Path.Combine(AppContext.BaseDirectory, "TestData", "dig");

    public static TheoryData<string> Responses()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(s_directory, "responses"), "*.bin").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void ZoneFile_EveryRecordParsesToItsTypedModel()
    {
        IReadOnlyList<ResourceRecord> records = ZoneFileReader.ReadFile(Path.Combine(s_directory, "example.zone"));
        int expected = File.ReadAllLines(Path.Combine(s_directory, "example.zone")).Count(l => l.Length > 0 && !l.StartsWith(';') && !l.StartsWith('$'));
        Assert.Equal(expected, records.Count);
        Assert.All(records, rr => Assert.IsNotType<UnknownRdata>(rr.Data));
        foreach (string line in File.ReadAllLines(Path.Combine(s_directory, "queries.txt")))
        {
            string[] parts = line.Split(' ');
            Assert.Contains(records, rr => rr.Type.ToText() == parts[1]);
        }
    }

    [Fact]
    public void Fixtures_CoverEveryQueriedPair()
    {
        Assert.Equal(File.ReadAllLines(Path.Combine(s_directory, "queries.txt")).Length, Responses().Count);
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void RawResponse_DecodesToTheRecordsDigPrinted(string fixture)
    {
        DnsMessage message = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(s_directory, "responses", fixture + ".bin")));
        List<(string Section, string Line)> digLines = ReadDigRecords(Path.Combine(s_directory, "responses", fixture + ".dig.txt"));
        Assert.NotEmpty(digLines);
        List<ResourceRecord> ours = [.. message.Answers, .. message.Authorities, .. message.Additionals];
        Assert.Equal(digLines.Count, ours.Count);
        foreach ((_, string line) in digLines)
        {
            ResourceRecord parsed = ResourceRecord.Parse(line);
            Assert.Contains(parsed, ours);
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void RecordToString_EqualsDigTextModuloWhitespace(string fixture)
    {
        DnsMessage message = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(s_directory, "responses", fixture + ".bin")));
        List<string> dig = [.. ReadDigRecords(Path.Combine(s_directory, "responses", fixture + ".dig.txt")).Select(l => Normalize(l.Line))];
        foreach (ResourceRecord rr in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            Assert.Contains(Normalize(rr.ToString()), dig);
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void AnswerRecords_AreRecordsOfTheZoneFile(string fixture)
    {
        IReadOnlyList<ResourceRecord> zone = ZoneFileReader.ReadFile(Path.Combine(s_directory, "example.zone"));
        DnsMessage message = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(s_directory, "responses", fixture + ".bin")));
        Assert.NotEmpty(message.Answers);
        foreach (ResourceRecord rr in message.Answers)
        {
            // NSD serves RDATA names lowercased; for the types whose names are lowercased in canonical form equality
            // already ignores that, for SVCB/HTTPS (never lowercased) compare the text case-insensitively.
            Assert.Contains(zone, z => z.Name == rr.Name && z.Type == rr.Type && z.Ttl == rr.Ttl
                && (z.Data == rr.Data || (rr.Data is ServiceBindingRdata && string.Equals(z.Data.ToString(), rr.Data.ToString(), StringComparison.OrdinalIgnoreCase))));
        }
    }

    /// <summary>The record lines of dig's answer, authority and additional sections.</summary>
    internal static List<(string Section, string Line)> ReadDigRecords(string path)
    {
        var result = new List<(string, string)>();
        string? section = null;
        foreach (string line in File.ReadAllLines(path))
        {
            Match m = SectionHeader().Match(line);
            if (m.Success)
            {
                section = m.Groups[1].Value;
                continue;
            }

            if (line.Length == 0)
            {
                section = null;
                continue;
            }

            if (section is "ANSWER" or "AUTHORITY" or "ADDITIONAL" && !line.StartsWith(';'))
            {
                result.Add((section, line));
            }
        }

        return result;
    }

    // Collapses white space; inside the hex and base64 fields that dig splits into chunks, removes it.
    private static string Normalize(string line)
    {
        string[] f = Whitespace().Split(line.Trim());
        string type = f[3];
        int fixedFields = type switch
        {
            "TLSA" or "SMIMEA" => 3,
            "SSHFP" => 2,
            "OPENPGPKEY" => 0,
            _ => -1,
        };
        if (fixedFields < 0)
        {
            return string.Join(' ', f);
        }

        return string.Join(' ', f.Take(4 + fixedFields)) + " " + string.Concat(f.Skip(4 + fixedFields));
    }

    [GeneratedRegex(@"^;; (ANSWER|AUTHORITY|ADDITIONAL|QUESTION) SECTION:")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
