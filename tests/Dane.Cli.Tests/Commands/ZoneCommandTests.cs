using System.Text.Json;
using DaneCli.Tests.Support;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Text;

namespace DaneCli.Tests.Commands;

public class ZoneCommandTests
{
    [Fact]
    public async Task ZoneVerify_SignedZone_IsValidWithEverySignatureCounted()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, QueryCommandTests.TlsaRecordFor("www"), "www"));
        var zone = hierarchy.SignedZones[DomainName.Parse("example.")];
        string file = dir.Write("example.zone", zone.ToZoneText());
        int rrsigs = zone.Records.Count(r => r.Data is RrsigRdata);

        CliRun run = await Cli.RunAsync("zone", "verify", file, "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("example.", json.GetProperty("zone").GetString());
        Assert.Equal(rrsigs, json.GetProperty("signaturesValid").GetInt32());
        Assert.Equal(0, json.GetProperty("signaturesInvalid").GetInt32());
        Assert.Equal("ok", json.GetProperty("chain").GetString());
        Assert.Equal(0, json.GetProperty("errors").GetArrayLength());
        Assert.True(json.GetProperty("rrsets").GetInt32() >= 5);
    }

    [Fact]
    public async Task ZoneVerify_TamperedRecord_IsInvalidExit1()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, QueryCommandTests.TlsaRecordFor("www"), "www"));
        var zone = hierarchy.SignedZones[DomainName.Parse("example.")];
        var records = zone.Records.Select(r => r.Data is ARdata ? ResourceRecord.Parse($"{r.Name} {r.Ttl} IN A 192.0.2.66") : r);
        string file = dir.Write("example.zone", ZoneFileWriter.ToText(records));

        CliRun run = await Cli.RunAsync("zone", "verify", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("example.: INVALID", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZoneVerify_NoSoaAndNoSignature_IsExit2()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("bare.zone", "www.example. 300 IN A 192.0.2.1\n");

        CliRun run = await Cli.RunAsync("zone", "verify", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SOA", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZoneVerify_ZoneSignedByBindDnssecSignzone_IsValidWithCompleteChain()
    {
        string file = Path.Combine(AppContext.BaseDirectory, "TestData", "bind-signed", "alg8-nsec3.example.signed");

        CliRun run = await Cli.RunAsync("zone", "verify", file, "--origin", "alg8-nsec3.example.", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("ok", json.GetProperty("chain").GetString());
        Assert.Equal(0, json.GetProperty("signaturesInvalid").GetInt32());
        Assert.True(json.GetProperty("signaturesValid").GetInt32() > 5);
    }

    [Fact]
    public async Task ZoneVerify_BindZoneWithOneRecordTampered_ReportsTheRRsetExit1()
    {
        using var dir = new TempDirectory();
        string original = Path.Combine(AppContext.BaseDirectory, "TestData", "bind-signed", "alg13-nsec.example.signed");
        var records = ZoneFileReader.ReadFile(original, new ZoneFileReaderOptions { Origin = DomainName.Parse("alg13-nsec.example.") });
        var tampered = records.Select(r => r.Data is ARdata && r.Name == DomainName.Parse("www.alg13-nsec.example.") ? ResourceRecord.Parse($"{r.Name} {r.Ttl} IN A 198.51.100.7") : r);
        string file = dir.Write("tampered.zone", ZoneFileWriter.ToText(tampered));

        CliRun run = await Cli.RunAsync("zone", "verify", file, "--json");

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal(1, json.GetProperty("signaturesInvalid").GetInt32());
        Assert.Equal("ok", json.GetProperty("chain").GetString());
        Assert.Contains(json.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("www.alg13-nsec.example. A", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ZoneVerify_BindZoneWithNsecRemoved_ChainIsBrokenExit1()
    {
        using var dir = new TempDirectory();
        string original = Path.Combine(AppContext.BaseDirectory, "TestData", "bind-signed", "alg13-nsec.example.signed");
        var records = ZoneFileReader.ReadFile(original, new ZoneFileReaderOptions { Origin = DomainName.Parse("alg13-nsec.example.") });
        var www = DomainName.Parse("www.alg13-nsec.example.");
        string file = dir.Write("gap.zone", ZoneFileWriter.ToText(records.Where(r => !(r.Name == www && (r.Type == RecordType.NSEC || r.Data is RrsigRdata { TypeCovered: RecordType.NSEC })))));

        CliRun run = await Cli.RunAsync("zone", "verify", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("denial chain broken", run.Out, StringComparison.Ordinal);
        Assert.Contains("www.alg13-nsec.example. has no NSEC record", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZoneVerify_AnchorMatchingTheZoneKey_IsValidAndAnOtherAnchorIsNot()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));
        var root = hierarchy.SignedZones[DomainName.Root];
        string file = dir.Write("root.zone", root.ToZoneText());
        string good = dir.Write("good.txt", string.Join('\n', hierarchy.TrustAnchors.Select(r => r.ToString())) + "\n");
        await using var other = await TestHierarchy.CreateAsync(b => b.AddZone("example."));
        string wrong = dir.Write("wrong.txt", string.Join('\n', other.TrustAnchors.Select(r => r.ToString())) + "\n");

        CliRun anchored = await Cli.RunAsync("zone", "verify", file, "--origin", ".", "--anchor", good, "--json");
        CliRun mismatched = await Cli.RunAsync("zone", "verify", file, "--origin", ".", "--anchor", wrong, "--json");

        Assert.Equal(0, anchored.ExitCode);
        Assert.Equal(0, anchored.Json().GetProperty("errors").GetArrayLength());
        Assert.Equal(1, mismatched.ExitCode);
        Assert.Contains(mismatched.Json().GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("matches its trust anchor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ZoneVerify_Rfc5702Example_512BitRsaSignatureVerifiesChainNone()
    {
        // RFC 5702 §6.1: an RSA/SHA-256 signature by a 512-bit key; no key-size policy applies when checking what the data says.
        using var dir = new TempDirectory();
        string file = dir.Write("rfc5702.txt", """
            example.net. 3600 IN DNSKEY 256 3 8 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=
            www.example.net. 3600 IN A 192.0.2.91
            www.example.net. 3600 IN RRSIG A 8 3 3600 20300101000000 20000101000000 9033 example.net. kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==
            """);

        CliRun run = await Cli.RunAsync("zone", "verify", file, "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("example.net.", json.GetProperty("zone").GetString());
        Assert.Equal(1, json.GetProperty("signaturesValid").GetInt32());
        Assert.Equal("none", json.GetProperty("chain").GetString());
    }

    [Fact]
    public async Task ZoneVerify_Rfc5702ExampleWithChangedAddress_IsInvalidExit1()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("rfc5702.txt", """
            example.net. 3600 IN DNSKEY 256 3 8 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=
            www.example.net. 3600 IN A 192.0.2.92
            www.example.net. 3600 IN RRSIG A 8 3 3600 20300101000000 20000101000000 9033 example.net. kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==
            """);

        CliRun run = await Cli.RunAsync("zone", "verify", file, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(1, run.Json().GetProperty("signaturesInvalid").GetInt32());
    }
}
