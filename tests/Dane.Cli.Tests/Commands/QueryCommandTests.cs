using System.Text.Json;
using DaneCli.Tests.Support;
using DnsSecure;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;

namespace DaneCli.Tests.Commands;

public class QueryCommandTests
{
    [Fact]
    public async Task Query_SignedName_IsSecureWithTheAnswer()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, TlsaRecordFor("www"), "www"));

        CliRun run = await Cli.RunAsync(["query", "www.example", "A", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("www.example. A: Secure, NOERROR", run.Out, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Json_HasNameTypeRcodeStatusAndAnswer()
    {
        using var dir = new TempDirectory();
        DnsSecure.Records.TlsaRdata tlsa = TlsaRecordFor("www");
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, tlsa, "www"));

        CliRun run = await Cli.RunAsync(["query", "_443._tcp.www.example", "TLSA", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("_443._tcp.www.example.", json.GetProperty("name").GetString());
        Assert.Equal("TLSA", json.GetProperty("type").GetString());
        Assert.Equal("NOERROR", json.GetProperty("rcode").GetString());
        Assert.Equal("secure", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("ede").GetArrayLength());
        Assert.Contains(json.GetProperty("answer").EnumerateArray(), a => a.GetString()!.EndsWith("3 1 1 " + Convert.ToHexString(tlsa.CertificateAssociationData.Span), StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task Query_CorruptSignatures_IsBogusExit1WithEde()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, TlsaRecordFor("www"), "www"));
        hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);

        CliRun run = await Cli.RunAsync(["query", "www.example", "A", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("bogus", json.GetProperty("status").GetString());
        JsonElement ede = Assert.Single(json.GetProperty("ede").EnumerateArray());
        Assert.True(ede.GetProperty("code").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Query_TimeAfterSignaturesExpire_IsBogus()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));

        CliRun run = await Cli.RunAsync(["query", "example", "SOA", "--time", "21000101000000", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Bogus", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Trace_DrawsTheChainFromTheRootAnchor()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));

        CliRun run = await Cli.RunAsync(["query", "example", "SOA", "--trace", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("TrustAnchor .", run.Out, StringComparison.Ordinal);
        Assert.Contains("DelegationSigner example.", run.Out, StringComparison.Ordinal);
        Assert.Contains("└──", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_AbsentName_IsSecureNxdomainExit0()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));

        CliRun run = await Cli.RunAsync(["query", "nothere.example", "A", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("NXDOMAIN", json.GetProperty("rcode").GetString());
        Assert.Equal("secure", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("answer").GetArrayLength());
    }

    [Fact]
    public async Task Query_BadServer_IsUsageExit2()
    {
        CliRun run = await Cli.RunAsync("query", "example", "--server", "not-an-address");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not-an-address", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_UnknownType_IsUsageExit2()
    {
        CliRun run = await Cli.RunAsync("query", "example", "NOSUCHTYPE", "--server", "127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NOSUCHTYPE", run.Error, StringComparison.Ordinal);
    }

    internal static DnsSecure.Records.TlsaRdata TlsaRecordFor(string host)
    {
        using var cert = TestCertificates.SelfSigned(host + ".example");
        return new DnsSecure.Records.TlsaRdata(DnsSecure.Iana.TlsaCertificateUsage.DaneEe, DnsSecure.Iana.TlsaSelector.Spki,
            DnsSecure.Iana.TlsaMatchingType.Sha256, Convert.FromHexString(TestCertificates.SpkiSha256(cert)));
    }
}
