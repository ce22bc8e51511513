using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneCli.Tests.Support;

namespace DaneCli.Tests.Commands;

public class CheckCommandTests
{
    [Fact]
    public async Task Check_DaneEeMatchingKey_IsMatchAtDepth0()
    {
        using var dir = new TempDirectory();
        string chain = SelfSignedChain(dir, "www.example", out string spki);
        string record = $"3 1 1 {spki}";

        CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "www.example", "--tlsa", record, "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("match", json.GetProperty("outcome").GetString());
        Assert.Equal(record, json.GetProperty("matched").GetString());
        Assert.Equal(0, json.GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task Check_OtherKey_IsNoMatchExit1WithNullMatched()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 presented = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 published = TestCertificates.SelfSigned("www.example");
        string chain = dir.WritePem("chain.pem", presented);

        CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "www.example", "--tlsa", $"3 1 1 {TestCertificates.SpkiSha256(published)}", "--json");

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("nomatch", json.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("matched").ValueKind);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Check_DaneTaFromFile_MatchesTheIssuerAtDepth1()
    {
        using var dir = new TempDirectory();
        var (ca, leaf) = TestCertificates.Issued("www.example");
        using (ca)
        using (leaf)
        {
            string chain = dir.WritePem("chain.pem", leaf, ca);
            string records = dir.Write("tlsa.txt",
                $"; the CA's certificate\n_443._tcp.www.example. IN TLSA 2 0 1 {Convert.ToHexString(SHA256.HashData(ca.RawData))}\n");

            CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "www.example", "--tlsa-file", records);

            Assert.Equal(0, run.ExitCode);
            Assert.StartsWith("match: 2 0 1 ", run.Out, StringComparison.Ordinal);
            Assert.Contains("at depth 1", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_DaneTaWrongName_IsNoMatch()
    {
        using var dir = new TempDirectory();
        var (ca, leaf) = TestCertificates.Issued("www.example");
        using (ca)
        using (leaf)
        {
            string chain = dir.WritePem("chain.pem", leaf, ca);

            CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "other.example",
                "--tlsa", $"2 0 1 {Convert.ToHexString(SHA256.HashData(ca.RawData))}", "--json");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("nomatch", run.Json().GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public async Task Check_SmtpProfile_IgnoresPkixEe()
    {
        using var dir = new TempDirectory();
        string chain = SelfSignedChain(dir, "mx.example", out string spki);
        string record = $"1 1 1 {spki}";

        CliRun generic = await Cli.RunAsync("check", "--chain", chain, "--host", "mx.example", "--tlsa", record, "--trust-store", chain, "--json");
        CliRun smtp = await Cli.RunAsync("check", "--chain", chain, "--host", "mx.example", "--tlsa", record, "--trust-store", chain, "--smtp", "--json");

        Assert.Equal("match", generic.Json().GetProperty("outcome").GetString());
        Assert.Equal(1, smtp.ExitCode);
        Assert.Equal("nomatch", smtp.Json().GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Check_EeNameChecks_RejectsDaneEeForAnotherName()
    {
        using var dir = new TempDirectory();
        string chain = SelfSignedChain(dir, "www.example", out string spki);
        string record = $"3 1 1 {spki}";

        CliRun lenient = await Cli.RunAsync("check", "--chain", chain, "--host", "other.example", "--tlsa", record, "--json");
        CliRun strict = await Cli.RunAsync("check", "--chain", chain, "--host", "other.example", "--tlsa", record, "--ee-name-checks", "--json");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("nomatch", strict.Json().GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Check_NoRecords_IsExit2()
    {
        using var dir = new TempDirectory();
        string chain = SelfSignedChain(dir, "www.example", out _);

        CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "www.example");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--tlsa", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MalformedRecord_IsExit2()
    {
        using var dir = new TempDirectory();
        string chain = SelfSignedChain(dir, "www.example", out _);

        CliRun run = await Cli.RunAsync("check", "--chain", chain, "--host", "www.example", "--tlsa", "3 1 1 XYZ");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("3 1 1 XYZ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Writes a new self-signed certificate for <paramref name="host"/> as chain.pem; returns its path and SPKI SHA-256.</summary>
    private static string SelfSignedChain(TempDirectory dir, string host, out string spkiSha256)
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned(host);
        spkiSha256 = TestCertificates.SpkiSha256(cert);
        return dir.WritePem("chain.pem", cert);
    }
}
