using System.Net.Sockets;
using DaneSockets.StartTls;
using DaneSockets.Tests.Support;
using DaneSockets.Tls;

namespace DaneSockets.Tests.StartTls;

public sealed class ImapStartTlsNegotiatorTests
{
    [Fact]
    public async Task Negotiate_CapabilityListsStartTls_SendsTaggedStartTlsAndIsReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("* OK [CAPABILITY IMAP4rev2] server ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("* CAPABILITY IMAP4rev1 IMAP4rev2 starttls LOGINDISABLED\r\n* OK still here\r\na001 OK CAPABILITY completed\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("a002 OK Begin TLS negotiation now\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.True(outcome.Ready);
        Assert.Equal(["a001 CAPABILITY", "a002 STARTTLS"], server.Received.Take(2));
    }

    [Fact]
    public async Task Negotiate_NoStartTlsCapability_IsNotOffered()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("* OK ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na001 OK done\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.False(outcome.Offered);
    }

    [Theory]
    [InlineData("* PREAUTH logged in already\r\n")]
    [InlineData("* BYE go away\r\n")]
    [InlineData("+OK this is POP3\r\n")]
    public async Task Negotiate_GreetingOtherThanOk_IsNotReady(string greeting)
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync(greeting);
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.StartsWith("greeting", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a002 NO not now\r\n", "NO")]
    [InlineData("a002 BAD what\r\n", "BAD")]
    public async Task Negotiate_StartTlsRefused_IsOfferedButNotReady(string answer, string status)
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("* OK ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK done\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync(answer);
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.True(outcome.Offered);
        Assert.Contains(status, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_ByeInsteadOfCompletion_IsNotReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("* OK ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("* BYE shutting down\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains("BYE", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_ThenDaneAuthenticate_OnTheSameStreamIsAuthenticatedByDane()
    {
        using var certificate = TestCertificates.SelfSigned("imap.example");
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("* OK ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK done\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("a002 OK go\r\n");
            await c.StartTlsAsync(certificate);
            await c.ReadLineAsync();
        });
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, certificate, "imap"));
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);

        StartTlsOutcome outcome = await new ImapStartTlsNegotiator().NegotiateAsync(client.GetStream(), new StartTlsRequest("imap.example"));
        await using DaneConnection connection = await new DaneTlsConnector(dns.Targets).AuthenticateAsync(client.GetStream(), "imap.example", server.Port);

        Assert.True(outcome.Ready);
        Assert.True(connection.Result.IsAuthenticatedByDane);
    }

    private static async Task<StartTlsOutcome> NegotiateAsync(ScriptedServer server)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await new ImapStartTlsNegotiator().NegotiateAsync(client.GetStream(), new StartTlsRequest("example.net"), cts.Token);
    }
}
