using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.Policy;
using DaneSockets.Tests.Support;
using DaneSockets.Tls;
using DaneSockets.Xmpp;
using DnsSecure;
using DnsSecure.Testing.Server;

namespace DaneSockets.Tests.Xmpp;

/// <summary>XmppDaneConnector end to end (RFC 7673): a private signed tree and scripted XMPP servers on 127.0.0.1.</summary>
public sealed class XmppDaneConnectorTests
{
    [Fact]
    public async Task Connect_SecureSrvAndMatchingTlsaAtTheTarget_IsAuthenticatedWithTheTargetAsSni()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, cert, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);

        await using XmppConnection connection = await connector.ConnectAsync("example");

        // The server writes the greeting after recording the handshake, so read it before looking at the server's side.
        Assert.Equal(ScriptedXmppServer.Greeting, await ReadGreetingAsync(connection));
        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(DomainName.Parse($"_{server.Port}._tcp.xmpp.example."), connection.Result.Target.TlsaOwner);
        // RFC 7673 §4.1: DANE applies, so SNI is the target server host name (the TLSA base domain); the stream still asks
        // for the service domain (RFC 6120 §4.7.2).
        Assert.Equal("xmpp.example", server.ServerName);
        Assert.Contains("to='example'", server.Received, StringComparison.Ordinal);
        Assert.True(connection.StartTls!.Ready);
        Assert.Equal(XmppAttemptStage.Connected, Assert.Single(connection.Attempts).Stage);
    }

    [Fact]
    public async Task Connect_ServiceDomainSni_SendsTheServiceDomainAndStillAuthenticates()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, cert, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);

        await using XmppConnection connection = await connector.ConnectAsync("example", new XmppConnectOptions { ServerNameIndication = XmppServerNameIndication.ServiceDomain });

        Assert.Equal(ScriptedXmppServer.Greeting, await ReadGreetingAsync(connection));
        Assert.Equal("example", server.ServerName);
        Assert.True(connection.Result.IsAuthenticatedByDane);
    }

    [Fact]
    public async Task Connect_SecureSrvWithTlsaProvenAbsent_SendsTheServiceDomainAsSni()
    {
        // No usable TLSA: RFC 7673 §4.1 leaves SNI to XMPP itself, which names the service domain (RFC 6120 §13.7.2.1).
        using X509Certificate2 cert = TestCertificates.SelfSigned("example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithAddress(System.Net.IPAddress.Loopback, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);
        var options = new XmppConnectOptions { Tls = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [cert] } };

        await using XmppConnection connection = await connector.ConnectAsync("example", options);

        Assert.Equal(ScriptedXmppServer.Greeting, await ReadGreetingAsync(connection));
        Assert.Equal(DaneDecision.AcceptPkix, connection.Result.Decision.Decision);
        Assert.Equal("example", server.ServerName);
    }

    [Fact]
    public async Task Connect_TlsaForAnotherKey_ThrowsWithTheDaneRefusal()
    {
        using X509Certificate2 published = TestCertificates.SelfSigned("xmpp.example");
        using X509Certificate2 presented = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = presented }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, published, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => connector.ConnectAsync("example"));

        var refusal = Assert.IsType<DaneAuthenticationException>(e.InnerException);
        Assert.Equal(DaneDecisionReason.DaneFailed, refusal.Result!.Decision.Reason);
        Assert.Contains("xmpp.example:" + server.Port + ": Tls:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_BogusSrv_AbortsWithoutConnecting()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, cert, "xmpp"));
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);
        var connector = new XmppDaneConnector(dns.Targets);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => connector.ConnectAsync("example"));

        Assert.Contains("Bogus", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Connect_InsecureSrvUnderRequiredPolicy_IsRefusedBeforeConnecting()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").Unsigned()
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, cert, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => connector.ConnectAsync("example"));

        var refusal = Assert.IsType<DaneAuthenticationException>(e.InnerException);
        Assert.Equal(DaneDecisionReason.LookupInsecure, refusal.Result!.Decision.Reason);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task Connect_InsecureSrvUnderOpportunisticPolicy_ChecksPkixAgainstTheServiceDomain()
    {
        // The certificate names only the service domain; the target's TLSA (for another key) must not be consulted.
        using X509Certificate2 cert = TestCertificates.SelfSigned("example");
        using X509Certificate2 other = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").Unsigned()
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, other, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);
        var options = new XmppConnectOptions { Tls = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [cert] } };

        await using XmppConnection connection = await connector.ConnectAsync("example", options);

        Assert.Equal(ScriptedXmppServer.Greeting, await ReadGreetingAsync(connection));
        Assert.False(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(DaneDecision.AcceptPkix, connection.Result.Decision.Decision);
        Assert.Equal("example", server.ServerName);
    }

    [Fact]
    public async Task Connect_FirstTargetHasBogusTlsa_SkipsItAndUsesTheNext()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.")
                .WithRecord($"_xmpp-client._tcp IN SRV 10 0 {server.Port} xmpp.broken.")
                .WithRecord($"_xmpp-client._tcp IN SRV 20 0 {server.Port} xmpp.example.")
                .WithTlsa(server.Port, cert, "xmpp");
            b.AddZone("broken.").WithTlsa(server.Port, cert, "xmpp");
        });
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("broken."), Fault.CorruptSignatures);
        var connector = new XmppDaneConnector(dns.Targets);

        await using XmppConnection connection = await connector.ConnectAsync("example");

        Assert.Collection(connection.Attempts,
            first => Assert.Equal((XmppAttemptStage.Dns, DaneDecisionReason.LookupBogus), (first.Stage, first.Dane!.Decision.Reason)),
            second => Assert.Equal(XmppAttemptStage.Connected, second.Stage));
        Assert.Equal(DomainName.Parse("xmpp.example."), connection.Endpoint.Host);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Connect_DirectTlsSrv_StartsTlsAtOnceWithXmppAlpn()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpps.example");
        await using var server = new ScriptedXmppServer { Certificate = cert, DirectTls = true }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpps-client._tcp IN SRV 0 0 {server.Port} xmpps.example.")
            .WithTlsa(server.Port, cert, "xmpps"));
        var connector = new XmppDaneConnector(dns.Targets);

        await using XmppConnection connection = await connector.ConnectAsync("example");

        Assert.Equal(ScriptedXmppServer.Greeting, await ReadGreetingAsync(connection));
        Assert.True(connection.Endpoint.DirectTls);
        Assert.Null(connection.StartTls);
        Assert.Equal("xmpp-client", server.Alpn?.ToString());
        Assert.Equal("xmpp-client", connection.Stream.NegotiatedApplicationProtocol.ToString());
        Assert.Equal(string.Empty, server.Received);
        Assert.True(connection.Result.IsAuthenticatedByDane);
        // XEP-0368: direct TLS names the service domain in SNI, DANE or not.
        Assert.Equal("example", server.ServerName);
    }

    [Fact]
    public async Task Connect_DaneTaCertificateNamesOnlyTheServiceDomain_IsAccepted()
    {
        // RFC 7673 §4.2: with DANE-TA the leaf may name the service domain instead of the SRV target.
        var pki = new TestPki();
        using X509Certificate2 leaf = IssueFor("example", pki);
        await using var server = new ScriptedXmppServer { Certificate = leaf }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            // 2 1 0: the anchor's bare key, so the server may send the leaf alone (RFC 7671 §5.2.2).
            .WithTlsa(server.Port, pki.Root, "xmpp", usage: DnsSecure.Iana.TlsaCertificateUsage.DaneTa, matchingType: DnsSecure.Iana.TlsaMatchingType.Full));
        var connector = new XmppDaneConnector(dns.Targets);

        await using XmppConnection connection = await connector.ConnectAsync("example", new XmppConnectOptions
        {
            Tls = new DaneTlsOptions { TimeProvider = new FixedTimeProvider(TestPki.Now) },
        });

        Assert.True(connection.Result.IsAuthenticatedByDane);
        Assert.Equal(DnsSecure.Iana.TlsaCertificateUsage.DaneTa, connection.Result.Decision.Verification!.MatchedUsage);
    }

    [Fact]
    public async Task Connect_ServerDoesNotOfferStartTls_ReportsTheStartTlsStage()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("xmpp.example");
        await using var server = new ScriptedXmppServer { Certificate = cert, Features = "<stream:features/>" }.Start();
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"_xmpp-client._tcp IN SRV 0 0 {server.Port} xmpp.example.")
            .WithTlsa(server.Port, cert, "xmpp"));
        var connector = new XmppDaneConnector(dns.Targets);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => connector.ConnectAsync("example"));

        Assert.Contains("StartTls: the server did not offer STARTTLS", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // RFC 7673 §4.1: DANE applies (secure SRV, secure addresses, usable TLSA) → the target; otherwise the service domain.
    [InlineData(XmppServerNameIndication.Rfc7673, true, TlsaLookupOutcome.SecureUsable, false, "xmpp.example")]
    [InlineData(XmppServerNameIndication.Rfc7673, false, TlsaLookupOutcome.SecureUsable, false, "example")]
    [InlineData(XmppServerNameIndication.Rfc7673, true, TlsaLookupOutcome.SecureAbsent, false, "example")]
    [InlineData(XmppServerNameIndication.Rfc7673, true, TlsaLookupOutcome.SecureAllUnusable, false, "example")]
    [InlineData(XmppServerNameIndication.Rfc7673, true, TlsaLookupOutcome.SecureUsable, true, "example")]
    [InlineData(XmppServerNameIndication.SrvTarget, false, TlsaLookupOutcome.Insecure, false, "xmpp.example")]
    [InlineData(XmppServerNameIndication.SrvTarget, true, TlsaLookupOutcome.SecureUsable, true, "xmpp.example")]
    [InlineData(XmppServerNameIndication.ServiceDomain, true, TlsaLookupOutcome.SecureUsable, false, "example")]
    public void ServerNameFor_Mode_PicksTheRfc7673Name(XmppServerNameIndication mode, bool secureSrv, TlsaLookupOutcome tlsa, bool directTls, string expected)
    {
        var endpoint = new XmppEndpoint(DomainName.Parse("xmpp.example."), 5222, directTls, 0, 0, secureSrv);
        var target = new DaneSockets.Tlsa.DaneTarget
        {
            Host = endpoint.Host,
            Port = 5222,
            TlsaBaseDomain = endpoint.Host,
            Tlsa = new TlsaLookupResult(tlsa, []),
            AddressStatus = DnsSecure.Dnssec.DnssecStatus.Secure,
        };

        Assert.Equal(expected, XmppDaneConnector.ServerNameFor(mode, endpoint, target, new DaneTlsOptions { RequireSecureAddresses = true }, "example"));
    }

    private static X509Certificate2 IssueFor(string dnsName, TestPki pki)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using var issuerKey = pki.Root.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(pki.Root.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), TestPki.Now.AddDays(-10), TestPki.Now.AddDays(10), [1, 2, 3]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<string> ReadGreetingAsync(XmppConnection connection)
    {
        var buffer = new byte[ScriptedXmppServer.Greeting.Length];
        await connection.Stream.ReadExactlyAsync(buffer);
        return Encoding.UTF8.GetString(buffer);
    }
}
