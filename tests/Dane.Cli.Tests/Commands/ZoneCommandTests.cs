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
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("example.", json.GetProperty("zone").GetString());
        Assert.Equal(rrsigs, json.GetProperty("signatures").GetInt32());
        Assert.Equal(rrsigs, json.GetProperty("validSignatures").GetInt32());
        Assert.Equal(0, json.GetProperty("problems").GetArrayLength());
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
    public async Task ZoneVerify_NoSoaAndNoOrigin_IsExit2()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("bare.zone", "www.example. 300 IN A 192.0.2.1\n");

        CliRun run = await Cli.RunAsync("zone", "verify", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("SOA", run.Error, StringComparison.Ordinal);
    }
}
