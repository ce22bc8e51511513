using SmtpDane;

namespace DnsSecure.Interop.Tests.Smtp;

/// <summary>samples/SmtpDane's offline mode, run in-process: it must deliver over DANE and report every MX outcome.</summary>
public sealed class SmtpDaneSampleTests
{
    [Fact]
    public async Task OfflineDemo_DeliversOverDaneAndReportsEachMx()
    {
        using var output = new StringWriter();

        int exit = await OfflineDemo.RunAsync(output);

        string text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("(AddressBogus) → Skipped", text, StringComparison.Ordinal);
        Assert.Contains("(TlsaUsable) → DaneRefused", text, StringComparison.Ordinal);
        Assert.Contains("(TlsaUsable) → DaneAuthenticated, DELIVERED", text, StringComparison.Ordinal);
    }
}
