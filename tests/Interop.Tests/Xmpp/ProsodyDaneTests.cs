using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DaneSockets.Xmpp;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Interop.Tests.Support;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DnsSecure.Interop.Tests.Xmpp;

/// <summary>
/// XMPP with DANE (RFC 7673, RFC 6120) against Prosody (Debian package prosody) on a loopback address: the SRV record and
/// TLSA come from a private signed tree; Prosody requires STARTTLS and presents a test certificate.
/// </summary>
public sealed class ProsodyDaneTests
{
    private const string Domain = "example";
    private const string Target = "xmpp.example";
    private static readonly IPAddress ProsodyAddress = IPAddress.Parse("127.0.5.22");

    [Fact]
    public async Task Connect_MatchingTlsa_StartTlsIsAuthenticatedByDaneAndTheStreamRestarts()
    {
        using X509Certificate2 cert = Certificate();
        await using ProsodyServer prosody = await ProsodyServer.StartAsync(Domain, cert, ProsodyAddress);
        await using var dns = await Dns(prosody.StartTlsEndpoint.Port, srv: "_xmpp-client._tcp", published: cert);

        await using XmppConnection connection = await dns.Connector.ConnectAsync(Domain);

        Assert.True(connection.Result.IsAuthenticatedByDane, prosody.Output);
        Assert.True(connection.StartTls!.Ready);
        Assert.Contains("required", connection.StartTls.Detail, StringComparison.Ordinal);
        // RFC 6120 §5.4.3.3: after TLS the client opens a new stream and Prosody answers it over TLS with SASL features.
        string features = await RestartStreamAsync(connection);
        Assert.Contains("urn:ietf:params:xml:ns:xmpp-sasl", features, StringComparison.Ordinal);
        Assert.DoesNotContain("xmpp-tls", features, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_MismatchingTlsa_ThrowsDaneFailedAfterStartTls()
    {
        using X509Certificate2 cert = Certificate();
        using X509Certificate2 other = Certificate();
        await using ProsodyServer prosody = await ProsodyServer.StartAsync(Domain, cert, ProsodyAddress);
        await using var dns = await Dns(prosody.StartTlsEndpoint.Port, srv: "_xmpp-client._tcp", published: other);

        var e = await Assert.ThrowsAsync<DaneAuthenticationException>(() => dns.Connector.ConnectAsync(Domain));

        var refusal = Assert.IsType<DaneAuthenticationException>(e.InnerException);
        Assert.Equal(DaneDecision.Reject, refusal.Result!.Decision.Decision);
        Assert.Equal(DaneDecisionReason.DaneFailed, refusal.Result.Decision.Reason);
        Assert.Contains("3 1 1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(": Tls: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_DirectTlsSrv_IsAuthenticatedByDaneWithoutStartTls()
    {
        using X509Certificate2 cert = Certificate();
        await using ProsodyServer prosody = await ProsodyServer.StartAsync(Domain, cert, ProsodyAddress, directTls: true);
        await using var dns = await Dns(prosody.DirectTlsEndpoint!.Port, srv: "_xmpps-client._tcp", published: cert);

        await using XmppConnection connection = await dns.Connector.ConnectAsync(Domain);

        Assert.True(connection.Result.IsAuthenticatedByDane, prosody.Output);
        Assert.Null(connection.StartTls);
        Assert.Contains("urn:ietf:params:xml:ns:xmpp-sasl", await RestartStreamAsync(connection), StringComparison.Ordinal);
    }

    private static async Task<string> RestartStreamAsync(XmppConnection connection)
    {
        byte[] header = Encoding.UTF8.GetBytes(
            $"<?xml version='1.0'?><stream:stream to='{Domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        await connection.Stream.WriteAsync(header);
        await connection.Stream.FlushAsync();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.ToString().Contains("</stream:features>", StringComparison.Ordinal))
        {
            int n = await connection.Stream.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        return received.ToString();
    }

    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Domain}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(Domain);
        san.AddDnsName(Target);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<SignedXmppDns> Dns(int port, string srv, X509Certificate2 published)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(b => b.AddZone("example.")
            .WithRecord($"{srv} IN SRV 0 0 {port} {Target}.")
            .WithAddress(ProsodyAddress, "xmpp")
            .WithTlsa(port, published, "xmpp"));
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(hierarchy.EndPoint));
        var stub = new StubResolver(options);
        var anchors = hierarchy.TrustAnchorStore;
        var targets = new DaneTargetResolver(new ValidatingResolver(new StubDataSource(stub), anchors));
        return new SignedXmppDns(hierarchy, stub, new XmppDaneConnector(targets));
    }

    private sealed record SignedXmppDns(TestHierarchy Hierarchy, StubResolver Stub, XmppDaneConnector Connector) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stub.DisposeAsync();
            await Hierarchy.DisposeAsync();
        }
    }
}
