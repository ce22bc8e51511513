using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneCli.Tests.Support;
using DaneSockets.Tests.Smtp;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;

namespace DaneCli.Tests.Commands;

public class SmtpCommandTests
{
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Smtp_OneMxWithMatchingTlsa_DaneAuthenticatedExit0()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, certificate, 220));
        await using FakeSmtpServer mx = servers[0];
        int port = mx.EndPoint.Port;
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithTlsa(port, DaneEe(certificate), "mx"));

        CliRun run = await Cli.RunAsync(["smtp", "example", "--port", Text(port), "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("secure", json.GetProperty("mxStatus").GetString());
        JsonElement host = Assert.Single(json.GetProperty("hosts").EnumerateArray());
        Assert.Equal("mx.example", host.GetProperty("host").GetString());
        Assert.Equal("secure", host.GetProperty("tlsaStatus").GetString());
        Assert.Equal("dane", host.GetProperty("level").GetString());
        Assert.Equal("DaneAuthenticated", host.GetProperty("status").GetString());
        Assert.Equal("3 1 1 " + TestCertificates.SpkiSha256(certificate), host.GetProperty("matched").GetString());
        Assert.Equal(["EHLO localhost", "STARTTLS", "EHLO localhost", "QUIT"], mx.Commands);
        Assert.Empty(mx.Messages);
    }

    [Fact]
    public async Task Smtp_MismatchingFirstMx_ReportedRefusedAndExit1()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 published = TestCertificates.SelfSigned("mx-bad.example");
        using X509Certificate2 presented = TestCertificates.SelfSigned("mx-bad.example");
        using X509Certificate2 good = TestCertificates.SelfSigned("mx-good.example");
        var servers = FakeSmtpServer.StartOnOnePort((Second, presented, 220), (IPAddress.Loopback, good, 220));
        await using FakeSmtpServer bad = servers[0], goodServer = servers[1];
        int port = bad.EndPoint.Port;
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx-bad").WithRecord("@ MX 20 mx-good")
            .WithAddress(Second, "mx-bad").WithTlsa(port, DaneEe(published), "mx-bad").WithTlsa(port, DaneEe(good), "mx-good"));

        CliRun run = await Cli.RunAsync(["smtp", "example", "--port", Text(port), .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("DaneRefused", run.Out, StringComparison.Ordinal);
        Assert.Contains("DaneAuthenticated", run.Out, StringComparison.Ordinal);
        Assert.Equal(["EHLO localhost", "STARTTLS"], bad.Commands);
    }

    [Fact]
    public async Task Verify_StartTlsSmtp_AuthenticatesAfterTheSmtpPrelude()
    {
        using var dir = new TempDirectory();
        using X509Certificate2 certificate = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, certificate, 220));
        await using FakeSmtpServer mx = servers[0];
        int port = mx.EndPoint.Port;
        await using var hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(port, DaneEe(certificate), "mx"));

        CliRun run = await Cli.RunAsync(["verify", "mx.example", Text(port), "--starttls", "smtp", "--json", .. HierarchyFiles.ResolverArgs(hierarchy, dir)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("dane", run.Json().GetProperty("outcome").GetString());
        Assert.Equal(["EHLO localhost", "STARTTLS"], mx.Commands.Take(2));
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static TlsaRdata DaneEe(X509Certificate2 certificate) =>
        new(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, Convert.FromHexString(TestCertificates.SpkiSha256(certificate)));
}
