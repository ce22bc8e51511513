using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneCli.Tests.Support;

namespace DaneCli.Tests.Commands;

public class GenerateCommandTests
{
    [Fact]
    public async Task Generate_Defaults_PrintsDaneEeSpkiSha256Rdata()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        string file = dir.WritePem("cert.pem", cert);

        CliRun run = await Cli.RunAsync("generate", "--cert", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"3 1 1 {TestCertificates.SpkiSha256(cert)}", run.Out.Trim());
    }

    [Fact]
    public async Task Generate_Json_GivesOwnerRdataAndFieldNames()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("mail.example");
        string file = dir.WritePem("cert.pem", cert);

        CliRun run = await Cli.RunAsync("generate", "--cert", file, "--host", "mail.example", "--port", "25", "--json");

        Assert.Equal(0, run.ExitCode);
        System.Text.Json.JsonElement json = run.Json();
        Assert.Equal("_25._tcp.mail.example.", json.GetProperty("owner").GetString());
        Assert.Equal($"3 1 1 {TestCertificates.SpkiSha256(cert)}", json.GetProperty("rdata").GetString());
        Assert.Equal("DANE-EE", json.GetProperty("usage").GetString());
        Assert.Equal("SPKI", json.GetProperty("selector").GetString());
        Assert.Equal("SHA2-256", json.GetProperty("matchingType").GetString());
    }

    [Fact]
    public async Task Generate_WithHostAndPort_PrintsTheWholeRecord()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("mail.example");
        string file = dir.WritePem("cert.pem", cert);

        CliRun run = await Cli.RunAsync("generate", "--cert", file, "--host", "mail.example", "--port", "25");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"_25._tcp.mail.example. IN TLSA 3 1 1 {TestCertificates.SpkiSha256(cert)}", run.Out.Trim());
    }

    [Fact]
    public async Task Generate_FullCertificateSha512FromDer_HashesTheWholeCertificate()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        string file = Path.Combine(dir.Path, "cert.der");
        File.WriteAllBytes(file, cert.RawData);

        CliRun run = await Cli.RunAsync("generate", "--cert", file, "--usage", "2", "--selector", "0", "--mtype", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"2 0 2 {Convert.ToHexString(SHA512.HashData(cert.RawData))}", run.Out.Trim());
    }

    [Fact]
    public async Task Generate_MissingFile_IsExit2WithMessageOnStderr()
    {
        using var dir = new TempDirectory();

        CliRun run = await Cli.RunAsync("generate", "--cert", Path.Combine(dir.Path, "absent.pem"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("absent.pem", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Generate_WithoutCert_IsUsageErrorExit2()
    {
        CliRun run = await Cli.RunAsync("generate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--cert", run.Error, StringComparison.Ordinal);
    }
}
