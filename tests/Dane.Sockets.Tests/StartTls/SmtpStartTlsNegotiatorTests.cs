using System.Net.Security;
using System.Net.Sockets;
using DaneSockets.StartTls;
using DaneSockets.Tests.Support;

namespace DaneSockets.Tests.StartTls;

public sealed class SmtpStartTlsNegotiatorTests
{
    private static readonly StartTlsRequest Request = new("example.net", "client.example.org");

    [Fact]
    public async Task Negotiate_StartTlsAdvertised_SendsEhloThenStartTlsAndIsReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx.example.net ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-mx.example.net\r\n250-PIPELINING\r\n250-starttls\r\n250 8BITMIME\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("220 2.0.0 Ready to start TLS\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.True(outcome.Ready);
        Assert.True(outcome.Offered);
        Assert.Equal(["EHLO client.example.org", "STARTTLS"], server.Received.Take(2));
        Assert.Contains("S: 250-starttls", outcome.Transcript);
    }

    [Fact]
    public async Task Negotiate_Ready_NextBytesAreTheTlsHandshake()
    {
        using var certificate = TestCertificates.SelfSigned("mx.example.net");
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-mx\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("220 go ahead\r\n");
            await c.StartTlsAsync(certificate);
            await c.WriteAsync("250 over TLS\r\n");
        });
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);

        StartTlsOutcome outcome = await new SmtpStartTlsNegotiator().NegotiateAsync(client.GetStream(), Request);
        await using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true, (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString());
        await ssl.AuthenticateAsClientAsync("mx.example.net");
        var buffer = new byte[64];
        int read = await ssl.ReadAsync(buffer);

        Assert.True(outcome.Ready);
        Assert.Equal("250 over TLS\r\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task Negotiate_MultiLineEhloWithoutStartTls_IsNotOfferedAndSendsNoStartTls()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-mx\r\n250-SIZE 1000\r\n250 STARTTLSX\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        await server.DisposeAsync();
        Assert.False(outcome.Ready);
        Assert.False(outcome.Offered);
        Assert.Equal(["EHLO client.example.org"], server.Received);
    }

    [Fact]
    public async Task Negotiate_StartTlsAnswered454_IsOfferedButNotReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-mx\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("454 4.7.0 TLS not available\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.True(outcome.Offered);
        Assert.Contains("454", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_Banner554_IsNotReadyAndSendsNothing()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("554 no service here\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        await server.DisposeAsync();
        Assert.False(outcome.Ready);
        Assert.Contains("554", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Negotiate_DataPipelinedAfter220_IsRefusedAsInjection()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("250-mx\r\n250 STARTTLS\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("220 go ahead\r\n250 injected\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains("injection", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("250-mx\r\n251 STARTTLS\r\n", "changed its code")]
    [InlineData("25O mx\r\n", "malformed")]
    [InlineData("250+mx\r\n", "malformed")]
    [InlineData("650 mx\r\n", "malformed")]
    public async Task Negotiate_MalformedEhloReply_IsNotReady(string reply, string expected)
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync(reply);
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains(expected, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_EndlessLine_StopsAtTheLineLimit()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 " + new string('x', 20_000));
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains("longer than", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_ServerClosesAfterBanner_IsNotReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("220 mx ESMTP\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains("closed", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_SilentServer_EndsWithCancellation()
    {
        await using var server = ScriptedServer.Start(async c => await c.ReadLineAsync());
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmtpStartTlsNegotiator().NegotiateAsync(client.GetStream(), Request, cts.Token).AsTask());
    }

    private static async Task<StartTlsOutcome> NegotiateAsync(ScriptedServer server)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await new SmtpStartTlsNegotiator().NegotiateAsync(client.GetStream(), Request, cts.Token);
    }
}
