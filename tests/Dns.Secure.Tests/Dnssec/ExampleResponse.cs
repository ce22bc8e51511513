using DnsSecure.Tests.Fixtures;
using DnsSecure.Text;

namespace DnsSecure.Tests.Dnssec;

/// <summary>
/// A DNS response written in the layout the RFC appendices use: <c>;; Header: ... RCODE=n</c>, then <c>;; Question</c>,
/// <c>;; Answer</c>, <c>;; Authority</c> and <c>;; Additional</c> markers followed by records; records without a TTL get 3600.
/// </summary>
internal static class ExampleResponse
{
    public static DnsMessage Load(params string[] path)
    {
        string[] lines = File.ReadAllLines(TestFiles.PathOf(path));
        var sections = new Dictionary<string, List<string>> { ["Question"] = [], ["Answer"] = [], ["Authority"] = [], ["Additional"] = [] };
        List<string>? current = null;
        var rcode = ResponseCode.NoError;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith(";; Header:", StringComparison.Ordinal))
            {
                rcode = (ResponseCode)int.Parse(line[(line.IndexOf("RCODE=", StringComparison.Ordinal) + 6)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith(";; ", StringComparison.Ordinal) && sections.TryGetValue(line[3..], out List<string>? section))
            {
                current = section;
            }
            else if (line.Length > 0 && !line.StartsWith(';') && current is not null)
            {
                current.Add(line);
            }
        }

        string[] question = sections["Question"].Single().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        RecordType type = RecordTypeText.TryParseType(question[^1], out RecordType parsed) ? parsed : throw new InvalidDataException(question[^1]);
        return new DnsMessage
        {
            IsResponse = true,
            AuthoritativeAnswer = true,
            ResponseCode = rcode,
            Questions = [new DnsQuestion(DomainName.Parse(question[0]), type)],
            Answers = [.. Records(sections["Answer"])],
            Authorities = [.. Records(sections["Authority"])],
            Additionals = [.. Records(sections["Additional"])],
            Edns = new DnsSecure.Edns.EdnsRecord { DnssecOk = true },
        };
    }

    private static IEnumerable<ResourceRecord> Records(List<string> lines) =>
        new ZoneFileReader(string.Join('\n', lines), new ZoneFileReaderOptions { DefaultTtl = 3600, Origin = DomainName.Root }).ReadRecords();
}
