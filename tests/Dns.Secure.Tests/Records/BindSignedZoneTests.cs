using System.Globalization;
using System.Text.RegularExpressions;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

/// <summary>The DNSSEC record types against real data made by BIND 9.18 (tests/TestData/bind-signed, see its README).</summary>
public partial class BindSignedZoneTests
{
    public static TheoryData<string> Zones() => new() { "alg13-nsec.example", "alg8-nsec3.example", "alg15-nsec3.example" };

    public static TheoryData<string> DigFiles()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(TestFiles.PathOf("bind-signed", "dig"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void ZoneFileReader_ReadsEveryRecordBindReads(string zone)
    {
        // The .signed file is dnssec-signzone's multi-line output; .compiled is named-compilezone's one-record-a-line
        // reading of the same file. Both must give the same records.
        List<ResourceRecord> signed = TestFiles.ReadZone("bind-signed", zone + ".signed");
        List<ResourceRecord> compiled = TestFiles.ReadZone("bind-signed", zone + ".compiled");
        Assert.Equal(File.ReadLines(TestFiles.PathOf("bind-signed", zone + ".compiled")).Count(l => !l.StartsWith(';')), compiled.Count);
        Assert.Equal(Sorted(compiled), Sorted(signed));
        foreach (RecordType type in new[] { RecordType.DNSKEY, RecordType.RRSIG, RecordType.DS })
        {
            Assert.Contains(signed, r => r.Type == type);
        }

        Assert.Contains(signed, r => r.Type == (zone.Contains("nsec3", StringComparison.Ordinal) ? RecordType.NSEC3 : RecordType.NSEC));
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void EveryRecord_PrintsAndRereadsEqual_AndRoundTripsTheWire(string zone)
    {
        foreach (ResourceRecord rr in TestFiles.ReadZone("bind-signed", zone + ".signed"))
        {
            ResourceRecord reread = ResourceRecord.Parse(rr.ToString());
            Assert.Equal(rr, reread);
            Assert.Equal(rr.Data.ToString(), reread.Data.ToString());
            Assert.Equal(rr.Data, RdataRegistry.Decode(rr.Type, rr.Data.ToWire()));
        }
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void DnskeyKeyTags_EqualTheTagsInBindsKeyFileNamesAndRrsigs(string zone)
    {
        List<ResourceRecord> records = TestFiles.ReadZone("bind-signed", zone + ".signed");
        var zoneTags = records.Select(r => r.Data).OfType<DnskeyRdata>().Select(k => k.KeyTag).Order().ToList();
        var rrsigTags = records.Select(r => r.Data).OfType<RrsigRdata>().Select(s => s.KeyTag).Distinct().Order().ToList();
        var fileTags = new List<ushort>();
        foreach (string path in Directory.GetFiles(TestFiles.PathOf("bind-signed", "keys"), $"K{zone}.+*.key"))
        {
            // BIND names key files K<zone>+<algorithm>+<key tag>.key.
            ushort tagInName = ushort.Parse(Path.GetFileNameWithoutExtension(path).Split('+')[2], CultureInfo.InvariantCulture);
            var key = (DnskeyRdata)TestFiles.ReadZone("bind-signed", "keys", Path.GetFileName(path)).Single().Data;
            Assert.Equal(tagInName, key.KeyTag);
            fileTags.Add(tagInName);
        }

        fileTags.Sort();
        Assert.Equal(2, fileTags.Count);
        Assert.Equal(fileTags, zoneTags);
        Assert.Equal(fileTags, rrsigTags);
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void DsRecordsBindMade_NameTheKeyTagsOfTheirKeys(string zone)
    {
        // dsset-<zone>. holds the DS of the zone's KSK; ds-sub.<zone> that of the child's key.
        var ksk = TestFiles.ReadZone("bind-signed", zone + ".signed").Select(r => r.Data).OfType<DnskeyRdata>().Single(k => k.IsSecureEntryPoint);
        var ds = (DsRdata)TestFiles.ReadZone("bind-signed", "keys", $"dsset-{zone}.txt").Single().Data;
        Assert.Equal(ksk.KeyTag, ds.KeyTag);
        Assert.Equal(ksk.Algorithm, ds.Algorithm);

        string childKeyFile = Path.GetFileName(Assert.Single(Directory.GetFiles(TestFiles.PathOf("bind-signed", "keys"), $"Ksub.{zone}.+*.key")));
        var childKey = (DnskeyRdata)TestFiles.ReadZone("bind-signed", "keys", childKeyFile).Single().Data;
        var childDs = (DsRdata)TestFiles.ReadZone("bind-signed", "keys", $"ds-sub.{zone}").Single().Data;
        Assert.Equal(childKey.KeyTag, childDs.KeyTag);
    }

    [Theory]
    [MemberData(nameof(DigFiles))]
    public void DigOutput_IsReadAndItsKeyIdCommentsMatchOurKeyTags(string file)
    {
        string text = TestFiles.ReadText("bind-signed", "dig", file);
        List<ResourceRecord> records = TestFiles.ReadZone("bind-signed", "dig", file);
        // dig's header says how many records each section has; the OPT pseudo-record is not printed as a record.
        int expected = 0;
        foreach (Match m in SectionCounts().Matches(text))
        {
            expected += int.Parse(m.Groups["answer"].Value, CultureInfo.InvariantCulture)
                + int.Parse(m.Groups["authority"].Value, CultureInfo.InvariantCulture)
                + int.Parse(m.Groups["additional"].Value, CultureInfo.InvariantCulture) - 1;
        }

        if (file.Contains("axfr", StringComparison.Ordinal))
        {
            // A zone transfer starts and ends with the SOA.
            Assert.Equal(records[0], records[^1]);
        }
        else
        {
            Assert.Equal(expected, records.Count);
        }

        // dig +multiline prints "; KSK; alg = ...; key id = N" after each DNSKEY.
        var keyIds = KeyIdComments().Matches(text).Select(m => ushort.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        if (file.Contains("multiline", StringComparison.Ordinal))
        {
            Assert.Equal(keyIds, records.Select(r => r.Data).OfType<DnskeyRdata>().Select(k => k.KeyTag).ToList());
        }

        foreach (ResourceRecord rr in records)
        {
            Assert.Equal(rr, ResourceRecord.Parse(rr.ToString()));
        }
    }

    [Theory]
    [InlineData("alg13-www-a", "alg13-www-a.txt")]
    [InlineData("alg13-nxdomain", "alg13-nxdomain.txt")]
    [InlineData("alg8-nxdomain", "alg8-nxdomain.txt")]
    [InlineData("alg15-dnskey", "alg15-axfr-multiline.txt")]
    public void WireResponses_DecodeToTheRecordsDigPrinted(string wireFile, string digFile)
    {
        byte[] wire = Convert.FromHexString(TestFiles.ReadText("bind-signed", "dig", wireFile + ".wire.hex").Trim());
        DnsMessage message = DnsMessage.Decode(wire);
        var printed = TestFiles.ReadZone("bind-signed", "dig", digFile).ToHashSet();
        // Without its typed model, a SOA read from a message keeps the compression pointers of its names as opaque
        // octets (RFC 3597 §4), so it can only be compared once SOA is registered.
        var decoded = message.AllRecords.Where(rr => rr.Type != RecordType.SOA || RdataRegistry.IsKnown(RecordType.SOA)).ToList();
        Assert.Contains(decoded, rr => rr.Type == RecordType.RRSIG);
        Assert.All(decoded, rr => Assert.Contains(rr, printed));
        Assert.Equal(message, DnsMessage.Decode(message.Encode()));
    }

    private static List<string> Sorted(IEnumerable<ResourceRecord> records) =>
        records.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"ANSWER: (?<answer>\d+), AUTHORITY: (?<authority>\d+), ADDITIONAL: (?<additional>\d+)")]
    private static partial Regex SectionCounts();

    [GeneratedRegex(@"key id = (\d+)")]
    private static partial Regex KeyIdComments();
}
