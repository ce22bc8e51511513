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
        Assert.Contains("anchor . DNSKEY [secure]", run.Out, StringComparison.Ordinal);
        Assert.Contains("DS example. DS [secure]", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"RRSIG example\. SOA \[secure\] key \d+ alg 13 EcdsaP256Sha256 valid \d{14}\.\.\d{14}", run.Out);
        Assert.Contains("└──", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Dot_WritesAGraphvizGraphOfTheChain()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));
        string dotFile = Path.Combine(dir.Path, "chain.dot");

        CliRun run = await Cli.RunAsync(["query", "example", "SOA", "--dot", dotFile, .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        string dot = await File.ReadAllTextAsync(dotFile);
        Assert.StartsWith("digraph chain_of_trust {", dot, StringComparison.Ordinal);
        Assert.Contains("label=\"zone .\"", dot, StringComparison.Ordinal);
        Assert.Contains("label=\"zone example.\"", dot, StringComparison.Ordinal);
        Assert.Contains("-> answer;", dot, StringComparison.Ordinal);
        Assert.Contains("example. SOA\\nsecure", dot, StringComparison.Ordinal);
        Assert.EndsWith("}\n", dot.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_AnchorAsRootAnchorsXml_IsSecure()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example."));
        var ds = hierarchy.TrustAnchors.Select(r => r.Data).OfType<DnsSecure.Records.DsRdata>().First();
        string xml = dir.Write("root-anchors.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <TrustAnchor id="test" source="test">
            <Zone>.</Zone>
            <KeyDigest id="k1" validFrom="2010-07-15T00:00:00+00:00">
            <KeyTag>{ds.KeyTag}</KeyTag>
            <Algorithm>{(byte)ds.Algorithm}</Algorithm>
            <DigestType>{(byte)ds.DigestType}</DigestType>
            <Digest>{Convert.ToHexString(ds.Digest.Span)}</Digest>
            </KeyDigest>
            </TrustAnchor>
            """);

        CliRun run = await Cli.RunAsync("query", "example", "SOA", "--server", hierarchy.EndPoint.ToString(), "--anchor", xml);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("example. SOA: Secure", run.Out, StringComparison.Ordinal);
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
    public async Task Query_RecursiveFromRootHints_IsSecureWithoutAnyRecursiveServer()
    {
        using var dir = new TempDirectory();
        await using var hierarchy = await TestHierarchy.CreateAsync(b =>
        {
            b.ServerPerZone = true;
            b.AddZone("example.").WithTlsa(443, TlsaRecordFor("www"), "www");
        });
        System.Net.IPEndPoint root = hierarchy.RootEndPoints[0];
        string hints = dir.Write("named.root", $".\t3600000\tIN\tNS\ta.root.test.\na.root.test.\t3600000\tIN\tA\t{root.Address}\n");
        string anchor = dir.Write("anchor.txt", string.Join('\n', hierarchy.TrustAnchors.Select(r => r.ToString())) + "\n");

        CliRun run = await Cli.RunAsync("query", "_443._tcp.www.example", "TLSA", "--json", "--recursive", "--root-hints", hints,
            "--server-port", root.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--anchor", anchor);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("secure", run.Json().GetProperty("status").GetString());
        Assert.Single(run.Json().GetProperty("answer").EnumerateArray());
    }

    [Fact]
    public async Task Query_RecursiveWithServer_IsUsageExit2()
    {
        CliRun run = await Cli.RunAsync("query", "example", "--recursive", "--server", "127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--recursive", run.Error, StringComparison.Ordinal);
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
