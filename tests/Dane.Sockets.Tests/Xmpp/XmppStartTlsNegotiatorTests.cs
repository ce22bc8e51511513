using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.StartTls;
using DaneSockets.Tests.Support;

namespace DaneSockets.Tests.Xmpp;

/// <summary>The XMPP STARTTLS exchange (RFC 6120 §5) against a scripted server on 127.0.0.1.</summary>
public sealed class XmppStartTlsNegotiatorTests
{
    private static readonly StartTlsRequest Request = new("example");

    [Fact]
    public async Task Negotiate_ServerOffersStartTls_IsReadyAndTheNextOctetsAreTls()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.True(outcome.Ready, outcome.Detail);
        Assert.True(outcome.Offered);
        Assert.Contains("required", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("to='example'", server.Received, StringComparison.Ordinal);
        Assert.Contains("xmlns='jabber:client'", server.Received, StringComparison.Ordinal);
        Assert.Contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", server.Received, StringComparison.Ordinal);
        // Nothing past <proceed/> was consumed: TLS works on the same stream.
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, presented, _, _) => presented?.GetCertHashString() == cert.GetCertHashString());
        await ssl.AuthenticateAsClientAsync("example");
        var buffer = new byte[ScriptedXmppServer.Greeting.Length];
        await ssl.ReadExactlyAsync(buffer);
        Assert.Equal(ScriptedXmppServer.Greeting, Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public async Task Negotiate_Transcript_RecordsBothSides()
    {
        await using var server = new ScriptedXmppServer().Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.Collection(outcome.Transcript,
            c => Assert.StartsWith("C: <?xml version='1.0'?><stream:stream to='example'", c, StringComparison.Ordinal),
            s => Assert.StartsWith("S: <stream:stream from='example'", s, StringComparison.Ordinal),
            s => Assert.Contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>", s, StringComparison.Ordinal),
            c => Assert.Equal("C: <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", c),
            s => Assert.Equal("S: " + ScriptedXmppServer.Proceed, s));
    }

    [Fact]
    public async Task Negotiate_ServerAnswersFailure_IsOfferedButNotReady()
    {
        await using var server = new ScriptedXmppServer { StartTlsAnswer = "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>" }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.True(outcome.Offered);
        Assert.Contains("failure", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_FeaturesWithoutStartTls_IsNotOfferedAndNothingIsAsked()
    {
        await using var server = new ScriptedXmppServer
        {
            Features = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
        }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.False(outcome.Offered);
        Assert.DoesNotContain("starttls", server.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_StartTlsInAnotherNamespace_IsNotOffered()
    {
        await using var server = new ScriptedXmppServer { Features = "<stream:features><starttls xmlns='urn:example:not-tls'/></stream:features>" }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Offered);
    }

    [Fact]
    public async Task Negotiate_ServerSendsDtd_IsRefusedWithoutExpandingIt()
    {
        await using var server = new ScriptedXmppServer
        {
            Header = "<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]><stream:stream version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
        }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Contains("restricted XML", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_FeaturesLargerThanTheLimit_IsRefused()
    {
        string padding = string.Concat(Enumerable.Repeat("<x xmlns='urn:example:pad'>padding padding padding</x>", 200));
        await using var server = new ScriptedXmppServer { Features = "<stream:features>" + padding + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>" }.Start();
        using var tcp = await ConnectAsync(server);
        var negotiator = new XmppStartTlsNegotiator(XmppStreamKind.Client, new XmppStartTlsOptions { MaxServerBytes = 4096 });

        StartTlsOutcome outcome = await negotiator.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Contains("more than 4096 octets", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("starttls", server.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_FeaturesNestedTooDeep_IsRefused()
    {
        string nested = string.Concat(Enumerable.Repeat("<a>", 40)) + string.Concat(Enumerable.Repeat("</a>", 40));
        await using var server = new ScriptedXmppServer { Features = "<stream:features>" + nested + "</stream:features>" }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Contains("deeper than 16", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_SilentServer_StopsAtTheTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using TcpClient accepted = await listener.AcceptTcpClientAsync();
        var negotiator = new XmppStartTlsNegotiator(XmppStreamKind.Client, new XmppStartTlsOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        StartTlsOutcome outcome = await negotiator.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Contains("no answer within", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_StreamError_ReportsTheCondition()
    {
        await using var server = new ScriptedXmppServer
        {
            Features = "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>",
        }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Equal("stream error: host-unknown", outcome.Detail);
    }

    [Fact]
    public async Task Negotiate_ServerAnswersWithOtherContentNamespace_IsRefused()
    {
        await using var server = new ScriptedXmppServer { Header = ScriptedXmppServer.DefaultHeader.Replace("jabber:client", "jabber:server", StringComparison.Ordinal) }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Ready);
        Assert.Contains("content namespace", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_PreVersionOneServer_OffersNoStartTls()
    {
        await using var server = new ScriptedXmppServer { Header = ScriptedXmppServer.DefaultHeader.Replace("id='s1' version='1.0'", "id='s1'", StringComparison.Ordinal) }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), Request);

        Assert.False(outcome.Offered);
        Assert.Contains("version 1.0", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_ServerStream_SendsJabberServerNamespaceAndFrom()
    {
        await using var server = new ScriptedXmppServer { Header = ScriptedXmppServer.DefaultHeader.Replace("jabber:client", "jabber:server", StringComparison.Ordinal) }.Start();
        using var tcp = await ConnectAsync(server);

        StartTlsOutcome outcome = await XmppStartTlsNegotiator.Server.NegotiateAsync(tcp.GetStream(), new StartTlsRequest("example", "origin.example"));

        Assert.True(outcome.Ready, outcome.Detail);
        Assert.Equal("xmpp-server", XmppStartTlsNegotiator.Server.Protocol);
        Assert.Contains("from='origin.example' to='example'", server.Received, StringComparison.Ordinal);
        Assert.Contains("xmlns='jabber:server'", server.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_DomainWithQuote_IsEscapedInTheHeader()
    {
        await using var server = new ScriptedXmppServer().Start();
        using var tcp = await ConnectAsync(server);

        await XmppStartTlsNegotiator.Client.NegotiateAsync(tcp.GetStream(), new StartTlsRequest("ex'ample"));

        Assert.Contains("to='ex&apos;ample'", server.Received, StringComparison.Ordinal);
    }

    private static async Task<TcpClient> ConnectAsync(ScriptedXmppServer server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        return tcp;
    }
}
