using System.Globalization;
using System.Text;
using DnsSecure.Records;
using DnsSecure.Text;

namespace DnsSecure.Tests.Fixtures;

/// <summary>Finds and reads the files under tests/TestData (copied next to the test assembly).</summary>
internal static class TestFiles
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>Reads every record of a zone-file fixture with <see cref="ZoneFileReader"/>.</summary>
    public static List<ResourceRecord> ReadZone(params string[] parts) =>
        new ZoneFileReader(WithGenericRdataForUnmodelledTypes(ReadText(parts)), new ZoneFileReaderOptions { DefaultTtl = 0 }).ReadRecords().ToList();

    /// <summary>Parses the one-record-a-line entries (<c>owner TTL class type rdata</c>) of the given types in a dnspython vector file.</summary>
    public static List<ResourceRecord> ReadDnspythonRecords(string file, params RecordType[] types)
    {
        var records = new List<ResourceRecord>();
        foreach (string line in File.ReadLines(PathOf("dnspython", file)))
        {
            string[] fields = line.Split(' ', 5);
            if (line.StartsWith(';') || fields.Length < 5 || !RecordTypeText.TryParseType(fields[3], out RecordType type) || !types.Contains(type))
            {
                continue;
            }

            records.Add(ResourceRecord.Parse(WithGenericRdataForUnmodelledTypes(line)));
        }

        return records;
    }

    /// <summary>
    /// SOA and TXT have their typed models in another part of the library; while a build lacks them, this rewrites
    /// their RDATA into the RFC 3597 generic form (which every type accepts) so that the rest of a real zone file can
    /// be read. Once the types are registered the text is returned unchanged.
    /// </summary>
    public static string WithGenericRdataForUnmodelledTypes(string text)
    {
        bool soa = !RdataRegistry.IsKnown(RecordType.SOA);
        bool txt = !RdataRegistry.IsKnown(RecordType.TXT);
        if (!soa && !txt)
        {
            return text;
        }

        var sb = new StringBuilder();
        DomainName origin = DomainName.Root;
        foreach (ZoneEntry entry in ZoneTokenizer.Tokenize(text))
        {
            IReadOnlyList<ZoneToken> t = entry.Tokens;
            if (!entry.StartsWithBlank && t[0].Text.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
            {
                origin = DomainName.Parse(t[1].Text, origin);
            }

            int i = entry.StartsWithBlank ? 0 : 1;
            while (i < t.Count && (char.IsAsciiDigit(t[i].Text[0]) || RecordTypeText.TryParseClass(t[i].Text, out _)))
            {
                i++;
            }

            sb.Append(entry.StartsWithBlank ? "\t" : string.Empty);
            if (i < t.Count && ((soa && t[i].Text == "SOA") || (txt && t[i].Text == "TXT")))
            {
                sb.Append(string.Join(' ', t.Take(i + 1).Select(x => x.Text))).Append(' ');
                byte[] wire = t[i].Text == "SOA" ? SoaWire(t, i + 1, origin) : TxtWire(t, i + 1);
                sb.Append("\\# ").Append(wire.Length).Append(' ').Append(Convert.ToHexString(wire));
            }
            else
            {
                sb.Append(string.Join(' ', t.Select(x => x.IsQuoted ? "\"" + x.Text + "\"" : x.Text)));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static byte[] SoaWire(IReadOnlyList<ZoneToken> t, int start, DomainName origin)
    {
        var bytes = new List<byte>();
        bytes.AddRange(DomainName.Parse(t[start].Text, origin).WireForm.ToArray());
        bytes.AddRange(DomainName.Parse(t[start + 1].Text, origin).WireForm.ToArray());
        for (int k = start + 2; k < start + 7; k++)
        {
            uint v = uint.Parse(t[k].Text, CultureInfo.InvariantCulture);
            bytes.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        }

        return [.. bytes];
    }

    private static byte[] TxtWire(IReadOnlyList<ZoneToken> t, int start)
    {
        var bytes = new List<byte>();
        for (int k = start; k < t.Count; k++)
        {
            Assert.True(TextFormat.TryUnescape(t[k].Text, out byte[] value, out _));
            bytes.Add((byte)value.Length);
            bytes.AddRange(value);
        }

        return [.. bytes];
    }
}
