using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.Policy;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DaneSockets.Tls;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Tls;

/// <summary>DaneTlsConnector end to end: a private signed DNS tree and a real SslStream server on 127.0.0.1.</summary>
public sealed class DaneTlsConnectorTests
{
    [Fact]
    public async Task Connect_MatchingDaneEe_IsAuthenticatedByDaneWithTheBaseDomainAsSni()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(cert);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        var connector = new DaneTlsConnector(dns.Targets);

        await using DaneConnection connection = await connector.ConnectAsync("www.example", server.Port);

        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneEe, connection.Result.Decision.Verification!.MatchedUsage);
        Assert.Equal(LoopbackTlsServer.Greeting, await ReadLineAsync(connection));
        Assert.Equal("www.example", server.LastServerName);
    }

    [Fact]
    public async Task Connect_PublishedKeyIsNotPresented_ThrowsWithThePerRecordReasons()
    {
        using X509Certificate2 published = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 presented = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(presented);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
        var connector = new DaneTlsConnector(dns.Targets);

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => connector.ConnectAsync("www.example", server.Port));

        DaneAuthenticationException dane = FindInner<DaneAuthenticationException>(thrown) ?? throw new Xunit.Sdk.XunitException($"no DANE exception in {thrown}");
        Assert.Equal(DaneDecision.Reject, dane.Result!.Decision.Decision);
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result.Decision.Reason);
        TlsaRecordResult record = Assert.Single(dane.Result.Decision.Verification!.Records);
        Assert.Equal(TlsaRecordVerdict.NoMatch, record.Verdict);
        Assert.Contains("3 1 1", dane.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OpportunisticWithBogusTlsa_IsRefusedBeforeConnecting()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(cert);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        dns.Hierarchy.Server.Faults.AddForZone(DnsSecure.DomainName.Parse("example."), DnsSecure.Testing.Server.Fault.CorruptSignatures);
        var connector = new DaneTlsConnector(dns.Targets);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => connector.ConnectAsync("www.example", server.Port, new DaneTlsOptions { Policy = DanePolicy.Opportunistic }));

        Assert.Equal(TlsaLookupOutcome.Bogus, e.Result!.Decision.Lookup);
        Assert.Null(server.LastServerName);
    }

    [Fact]
    public async Task Authenticate_AlreadyConnectedStream_RunsTlsAndAuthenticatesTheHost()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(cert);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, cert, "www"));
        var connector = new DaneTlsConnector(dns.Targets);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);

        // The STARTTLS path: the caller owns the plain connection and hands over its stream.
        await using DaneConnection connection = await connector.AuthenticateAsync(tcp.GetStream(), "www.example", server.Port);

        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(LoopbackTlsServer.Greeting, await ReadLineAsync(connection));
    }

    [Fact]
    public async Task Authenticate_AlreadyConnectedStreamWithWrongKey_Throws()
    {
        using X509Certificate2 published = TestCertificates.SelfSigned("www.example");
        using X509Certificate2 presented = TestCertificates.SelfSigned("www.example");
        await using var server = LoopbackTlsServer.Start(presented);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
        var connector = new DaneTlsConnector(dns.Targets);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => connector.AuthenticateAsync(tcp.GetStream(), "www.example", server.Port));

        Assert.NotNull(FindInner<DaneAuthenticationException>(thrown));
    }

    [Fact]
    public async Task Connect_DaneTaWithTheAnchorSentAndAiaOnIt_IsAcceptedWithoutFetchingIssuers()
    {
        // The anchor (TLSA 2 1 1) is the intermediate the server sends; it names its own issuer by an AIA URL. The DANE
        // decision needs nothing above the anchor, so nothing is fetched (RFC 7671 §5.2: the trust anchor comes from DNS).
        await using var aia = new CountingAiaServer();
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Aia Root");
        aia.Serve(root);
        using X509Certificate2 intermediate = TestCertificates.IssueWithAia("CN=Aia Intermediate", root, aia.Url, dnsName: null);
        using X509Certificate2 leaf = TestCertificates.IssueWithAia("CN=www.example", intermediate, aiaUrl: null, dnsName: "www.example");
        await using var server = LoopbackTlsServer.Start(leaf, intermediate);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, intermediate, "www", usage: TlsaCertificateUsage.DaneTa));
        var connector = new DaneTlsConnector(dns.Targets);

        await using DaneConnection connection = await connector.ConnectAsync("www.example", server.Port);

        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneTa, connection.Result.Decision.Verification!.MatchedUsage);
        Assert.Equal(1, connection.Result.Decision.Verification.MatchDepth);
        Assert.Equal(0, aia.Requests);
    }

    [Fact]
    public async Task Connect_DaneTaAnchorOnlyReachableByAia_IsRefusedWithoutFetchingIt()
    {
        // RFC 7671 §5.2.2: with a digest DANE-TA record the server must send the anchor; an issuer the client would have to
        // download (AIA) is not part of what the server presented, and the client makes no request for it.
        await using var aia = new CountingAiaServer();
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Aia Root");
        using X509Certificate2 intermediate = TestCertificates.IssueWithAia("CN=Aia Intermediate", root, aiaUrl: null, dnsName: null);
        aia.Serve(intermediate);
        using X509Certificate2 leaf = TestCertificates.IssueWithAia("CN=www.example", intermediate, aia.Url, dnsName: "www.example");
        await using var server = LoopbackTlsServer.Start(leaf);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, intermediate, "www", usage: TlsaCertificateUsage.DaneTa));
        var connector = new DaneTlsConnector(dns.Targets);

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => connector.ConnectAsync("www.example", server.Port));

        DaneAuthenticationException dane = FindInner<DaneAuthenticationException>(thrown) ?? throw new Xunit.Sdk.XunitException($"no DANE exception in {thrown}");
        Assert.Equal(DaneDecisionReason.DaneFailed, dane.Result!.Decision.Reason);
        Assert.Equal(0, aia.Requests);
    }

    [Fact]
    public async Task Connect_DaneTaFullCertificateNotSent_IsAcceptedOnTheRecordsCertificate()
    {
        // RFC 7671 §5.2.2: a "2 0 0" record carries the anchor itself, so the server may leave it out of its chain; the
        // runtime's chain build (which now trusts nothing) does not need to find it.
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Full Root");
        using X509Certificate2 leaf = TestCertificates.CreateLeaf("www.example", root);
        await using var server = LoopbackTlsServer.Start(leaf);
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(
            server.Port, root, "www", usage: TlsaCertificateUsage.DaneTa, selector: TlsaSelector.Cert, matchingType: TlsaMatchingType.Full));
        var connector = new DaneTlsConnector(dns.Targets);

        await using DaneConnection connection = await connector.ConnectAsync("www.example", server.Port);

        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(TlsaCertificateUsage.DaneTa, connection.Result.Decision.Verification!.MatchedUsage);
        Assert.Equal(1, connection.Result.Decision.Verification.MatchDepth);
    }

    private static async Task<string> ReadLineAsync(DaneConnection connection)
    {
        var buffer = new byte[LoopbackTlsServer.Greeting.Length];
        await connection.Stream.ReadExactlyAsync(buffer);
        return Encoding.ASCII.GetString(buffer);
    }

    private static T? FindInner<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }
}
