using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneCli.Tests.Support;
using DnsSecure;
using DnsSecure.Testing.Hierarchy;

namespace DaneCli.Tests.Commands;

public class TlsaCommandTests
{
    [Fact]
    public async Task Tlsa_SecureRecord_IsListedWithRfc7218Names()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(8443, cert, "www"));

        CliRun run = await Cli.RunAsync(["tlsa", "www.example", "--port", "8443", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("_8443._tcp.www.example. TLSA: SecureUsable", run.Out, StringComparison.Ordinal);
        Assert.Contains("3 DANE-EE", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 SPKI", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 SHA2-256", run.Out, StringComparison.Ordinal);
        Assert.Contains(TestCertificates.SpkiSha256(cert), run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tlsa_NoRecordAtPort_IsSecureAbsentExit1()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(8443, cert, "www"));

        CliRun run = await Cli.RunAsync(["tlsa", "www.example", "--port", "25", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("_25._tcp.www.example.", json.GetProperty("owner").GetString());
        Assert.Equal("SecureAbsent", json.GetProperty("outcome").GetString());
        Assert.Equal(0, json.GetProperty("records").GetArrayLength());
        Assert.Equal("secure", json.GetProperty("addressStatus").GetString());
    }
}
