using System.Security.Authentication;
using DaneSockets.Smtp;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;

namespace DnsSecure.Interop.Tests.Smtp;

/// <summary>
/// RFC 7672 delivery to a real Postfix on loopback: a private signed DNS tree publishes <c>example.</c>'s MX and the TLSA
/// record at <c>_PORT._tcp.mx.example</c>; Postfix's own log proves what it received.
/// </summary>
public sealed class PostfixDaneDeliveryTests(PostfixFixture postfix) : IClassFixture<PostfixFixture>
{
    private static readonly TimeSpan LogWait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Send_MatchingTlsa_PostfixQueuesAndDeliversTheMessage()
    {
        int offset = await postfix.Server.QuietLogOffsetAsync(LogWait);
        string messageId = NewMessageId();
        await using var dns = await DnsAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx")
            .WithAddress(postfix.Server.EndPoint.Address, "mx").WithTlsa(postfix.Server.EndPoint.Port, postfix.Certificate, "mx"));

        SmtpDomainReport report = await dns.Client.SendAsync("example.", Message(messageId));

        SmtpMxReport mx = Assert.Single(report.Hosts);
        Assert.Equal(SmtpMxStatus.DaneAuthenticated, mx.Status);
        Assert.True(mx.Delivered, mx.Detail);
        string log = await postfix.Server.WaitForLogAsync(offset, l => l.Contains("status=sent", StringComparison.Ordinal), LogWait);
        Assert.Contains($"message-id=<{messageId}>", log, StringComparison.Ordinal);
        Assert.Contains("from=<sender@sender.test>", log, StringComparison.Ordinal);
        Assert.Contains("TLS connection established", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MismatchingTlsa_AbandonsBeforeMailFromAndPostfixGetsNoEnvelope()
    {
        int offset = await postfix.Server.QuietLogOffsetAsync(LogWait);
        using var other = PostfixFixture.SelfSigned(PostfixFixture.HostName);
        await using var dns = await DnsAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx")
            .WithAddress(postfix.Server.EndPoint.Address, "mx").WithTlsa(postfix.Server.EndPoint.Port, other, "mx"));

        SmtpDomainReport report = await dns.Client.SendAsync("example.", Message(NewMessageId()));

        SmtpMxReport mx = Assert.Single(report.Hosts);
        Assert.Equal(SmtpMxStatus.DaneRefused, mx.Status);
        Assert.False(mx.Delivered);
        Assert.DoesNotContain(mx.Transcript, l => l.StartsWith("C: MAIL", StringComparison.Ordinal));
        // smtpd's end-of-session line counts the commands it got: STARTTLS was the last, no MAIL.
        string log = await postfix.Server.WaitForLogAsync(offset, l => l.Contains("disconnect from", StringComparison.Ordinal) && l.Contains("starttls", StringComparison.Ordinal), LogWait);
        Assert.DoesNotContain(" mail=", log, StringComparison.Ordinal);
        Assert.DoesNotContain("client=", log, StringComparison.Ordinal);
        Assert.DoesNotContain("message-id=", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MxInBogusZone_IsSkippedAndTheNextMxDelivers()
    {
        int offset = await postfix.Server.QuietLogOffsetAsync(LogWait);
        string messageId = NewMessageId();
        int port = postfix.Server.EndPoint.Port;
        await using var dns = await DnsAsync(b =>
        {
            b.AddZone("example.").WithRecord("@ MX 10 mx.bogus.example.").WithRecord("@ MX 20 mx")
                .WithAddress(postfix.Server.EndPoint.Address, "mx").WithTlsa(port, postfix.Certificate, "mx");
            b.AddZone("bogus.example.").WithAddress(postfix.Server.EndPoint.Address, "mx").WithTlsa(port, postfix.Certificate, "mx");
        }, bogusZone: "bogus.example.");

        SmtpDomainReport report = await dns.Client.SendAsync("example.", Message(messageId));

        Assert.Equal(SmtpMxStatus.Skipped, report.Hosts[0].Status);
        Assert.Equal(SmtpTlsLevel.Skip, report.Hosts[0].Plan.Level);
        Assert.Equal((SmtpMxStatus.DaneAuthenticated, true), (report.Hosts[1].Status, report.Hosts[1].Delivered));
        string log = await postfix.Server.WaitForLogAsync(offset, l => l.Contains("status=sent", StringComparison.Ordinal), LogWait);
        Assert.Contains($"message-id=<{messageId}>", log, StringComparison.Ordinal);
        // Both MX names lead to this Postfix: exactly one session reached it, the one for mx.example.
        Assert.Single(log.Split('\n'), l => l.Contains("TLS connection established", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Utf8Recipient_UsesPostfixSmtpUtf8AndIsDelivered()
    {
        int offset = await postfix.Server.QuietLogOffsetAsync(LogWait);
        string messageId = NewMessageId();
        await using var dns = await DnsAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx")
            .WithAddress(postfix.Server.EndPoint.Address, "mx").WithTlsa(postfix.Server.EndPoint.Port, postfix.Certificate, "mx"));
        SmtpMessage message = Message(messageId) with { Recipients = ["pöstmäster@example"] };

        SmtpDomainReport report = await dns.Client.SendAsync("example.", message);

        // RFC 6531: Postfix (smtputf8_enable, on by default) advertises SMTPUTF8 after TLS, so the parameter goes with MAIL FROM.
        SmtpMxReport mx = Assert.Single(report.Hosts);
        Assert.Equal((SmtpMxStatus.DaneAuthenticated, true), (mx.Status, mx.Delivered));
        Assert.Contains("C: MAIL FROM:<sender@sender.test> SMTPUTF8", mx.Transcript);
        string log = await postfix.Server.WaitForLogAsync(offset, l => l.Contains("status=sent", StringComparison.Ordinal), LogWait);
        Assert.Contains($"message-id=<{messageId}>", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoTlsaAndTlsHandshakeFails_RetriesInPlaintextAndPostfixDelivers()
    {
        int offset = await postfix.Server.QuietLogOffsetAsync(LogWait);
        string messageId = NewMessageId();
        // TLSA proven absent: opportunistic TLS. The client allows only TLS 1.0, which Postfix (and OpenSSL's default
        // security level) refuses, so the STARTTLS handshake fails against a real server.
        await using var dns = await DnsAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx")
#pragma warning disable SYSLIB0039, CA5397 // Deliberately obsolete: the handshake must fail.
            .WithAddress(postfix.Server.EndPoint.Address, "mx"), protocols: SslProtocols.Tls);
#pragma warning restore SYSLIB0039, CA5397

        SmtpDomainReport report = await dns.Client.SendAsync("example.", Message(messageId));

        // RFC 7435 §3 / RFC 7672 §2.2: the failed handshake is followed by a plaintext session on a new connection.
        SmtpMxReport mx = Assert.Single(report.Hosts);
        Assert.Equal((SmtpMxStatus.PlaintextAfterTlsFailure, true), (mx.Status, mx.Delivered));
        string log = await postfix.Server.WaitForLogAsync(offset, l => l.Contains("status=sent", StringComparison.Ordinal), LogWait);
        Assert.Contains($"message-id=<{messageId}>", log, StringComparison.Ordinal);
        Assert.DoesNotContain("TLS connection established", log, StringComparison.Ordinal);
    }

    private static string NewMessageId() => $"{Guid.NewGuid():N}@sender.test";

    private static SmtpMessage Message(string messageId) => new("sender@sender.test", ["postmaster@example"],
        $"From: sender@sender.test\nTo: postmaster@example\nMessage-ID: <{messageId}>\nSubject: DANE interop\n\n.leading dot\nbody\n");

    private async Task<SignedMailDns> DnsAsync(Action<TestHierarchyBuilder> configure, string? bogusZone = null, SslProtocols protocols = SslProtocols.None)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(configure);
        if (bogusZone is not null)
        {
            hierarchy.Server.Faults.AddForZone(DomainName.Parse(bogusZone), Fault.CorruptSignatures);
        }

        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(hierarchy.EndPoint));
        var stub = new StubResolver(options);
        var resolver = new ValidatingResolver(new StubDataSource(stub), hierarchy.TrustAnchorStore);
        var client = new SmtpDaneClient(new DaneTargetResolver(resolver), new SmtpDaneOptions
        {
            Port = postfix.Server.EndPoint.Port,
            ClientName = "sender.test",
            SessionTimeout = TimeSpan.FromSeconds(60),
            EnabledSslProtocols = protocols,
        });
        return new SignedMailDns(hierarchy, stub, client);
    }

    private sealed record SignedMailDns(TestHierarchy Hierarchy, StubResolver Stub, SmtpDaneClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stub.DisposeAsync();
            await Hierarchy.DisposeAsync();
        }
    }
}
