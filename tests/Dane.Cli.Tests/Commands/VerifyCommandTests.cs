using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneCli.Tests.Support;
using DnsSecure;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;

namespace DaneCli.Tests.Commands;

public class VerifyCommandTests
{
    [Fact]
    public async Task Verify_MatchingDaneEe_OutcomeDaneAtDepth0Exit0()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(certificate);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, DaneEe(certificate), "www"));

        CliRun run = await Cli.RunAsync(["verify", "www.example", Port(server.Port), "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("www.example", json.GetProperty("host").GetString());
        Assert.Equal(server.Port, json.GetProperty("port").GetInt32());
        Assert.Equal("dane", json.GetProperty("outcome").GetString());
        Assert.Equal("secure", json.GetProperty("tlsaStatus").GetString());
        Assert.Equal("3 1 1 " + TestCertificates.SpkiSha256(certificate), json.GetProperty("matched").GetString());
        Assert.Equal(0, json.GetProperty("depth").GetInt32());
        Assert.Equal(TestCertificates.SpkiSha256(certificate), json.GetProperty("chain")[0].GetProperty("spkiSha256").GetString());
    }

    [Fact]
    public async Task Verify_MismatchingTlsa_OutcomeFailedWithReasonExit1()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 other = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(certificate);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, DaneEe(other), "www"));

        CliRun run = await Cli.RunAsync(["verify", "www.example", Port(server.Port), .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("presented chain:", run.Out, StringComparison.Ordinal);
        Assert.Contains("NoMatch", run.Out, StringComparison.Ordinal);
        Assert.Contains("outcome: failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BogusTlsaZone_OutcomeFailedTlsaStatusBogus()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(certificate);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, DaneEe(certificate), "www"));
        hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);

        CliRun run = await Cli.RunAsync(["verify", "www.example", Port(server.Port), "--address", "127.0.0.1", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("failed", json.GetProperty("outcome").GetString());
        Assert.Equal("bogus", json.GetProperty("tlsaStatus").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("matched").ValueKind);
    }

    [Fact]
    public async Task Verify_NoTlsaAndUntrustedCertificate_TlsaAbsentAndFailedNotPkix()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(certificate);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithAddress(System.Net.IPAddress.Loopback, "www"));

        CliRun run = await Cli.RunAsync(["verify", "www.example", Port(server.Port), "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("absent", json.GetProperty("tlsaStatus").GetString());
        Assert.Equal("failed", json.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Verify_UnknownStartTlsProtocol_IsUsageExit2()
    {
        CliRun run = await Cli.RunAsync("verify", "www.example", "25", "--starttls", "gopher", "--server", "127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("gopher", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_AgainstNginx_AgreesWithOpenSslDaneTlsaDomain(bool matching)
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 other = TestCertificates.SelfSigned("www.example");
        await using var nginx = await NginxServer.StartAsync(certificate);
        TlsaRdata tlsa = DaneEe(matching ? certificate : other);
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(nginx.Port, tlsa, "www"));

        CliRun run = await Cli.RunAsync(["verify", "www.example", Port(nginx.Port), "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);
        (int opensslExit, string opensslOutput) = await OpenSslDaneAsync(nginx.Port, "www.example", "3 1 1 " + Convert.ToHexString(tlsa.CertificateAssociationData.Span));

        bool oursVerified = run.Json().GetProperty("outcome").GetString() == "dane";
        bool opensslVerified = opensslExit == 0 && opensslOutput.Contains("Verification: OK", StringComparison.Ordinal);
        Assert.True(oursVerified == opensslVerified, $"dane verify: {run.Out}\nopenssl s_client (exit {opensslExit}): {opensslOutput}");
        Assert.Equal(matching, oursVerified);
    }

    private static Task<(int ExitCode, string Output)> OpenSslDaneAsync(int port, string domain, string tlsaRdata) =>
        ExternalProcess.RunAsync(
            RequiredTool.Find("openssl", "openssl"),
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", domain, "-dane_tlsa_domain", domain, "-dane_tlsa_rrdata", tlsaRdata, "-verify_return_error", "-brief"],
            TimeSpan.FromSeconds(30),
            closeStandardInput: true);

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TlsaRdata DaneEe(X509Certificate2 certificate) =>
        new(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, Convert.FromHexString(TestCertificates.SpkiSha256(certificate)));
}
