using System.Net.Sockets;
using DaneSockets.StartTls;

namespace DaneSockets.Tests.StartTls;

public sealed class Pop3StartTlsNegotiatorTests
{
    [Fact]
    public async Task Negotiate_CapaListsStls_SendsStlsAndIsReady()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("+OK POP3 ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("+OK capabilities follow\r\nUSER\r\nSASL PLAIN\r\nstls\r\n.\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("+OK begin TLS\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.True(outcome.Ready);
        Assert.Equal(["CAPA", "STLS"], server.Received.Take(2));
    }

    [Fact]
    public async Task Negotiate_StlsOnlyInsideAnotherCapability_IsNotOffered()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("+OK POP3 ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("+OK\r\nUSER\r\nIMPLEMENTATION no-STLS here\r\n..STLS\r\n.\r\n");
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.False(outcome.Offered);
    }

    [Theory]
    [InlineData("-ERR go away\r\n", "", "greeting")]
    [InlineData("+OK ready\r\n", "-ERR unknown command\r\n", "CAPA")]
    [InlineData("+OK ready\r\n", "+OK\r\nSTLS\r\n.\r\n-ERR not now\r\n", "STLS answered")]
    public async Task Negotiate_Refusals_AreNotReady(string greeting, string replies, string expected)
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync(greeting);
            await c.ReadLineAsync();
            await c.WriteAsync(replies);
            await c.ReadLineAsync();
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains(expected, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_EndlessCapaList_StopsAtTheLineLimit()
    {
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.WriteAsync("+OK ready\r\n");
            await c.ReadLineAsync();
            await c.WriteAsync("+OK\r\n" + string.Concat(Enumerable.Repeat("X-CAP\r\n", 1000)));
            await c.ReadLineAsync();
        });

        StartTlsOutcome outcome = await NegotiateAsync(server);

        Assert.False(outcome.Ready);
        Assert.Contains("longer than", outcome.Detail, StringComparison.Ordinal);
    }

    private static async Task<StartTlsOutcome> NegotiateAsync(ScriptedServer server)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await new Pop3StartTlsNegotiator().NegotiateAsync(client.GetStream(), new StartTlsRequest("example.net"), cts.Token);
    }
}
