using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

[Collection(NetworkLoadCollection.Name)]
public sealed class TlsServerAuthenticatorTests : IDisposable
{
    private const string HostName = "dot.example.test";
    private static readonly DomainName Www = DomainName.Parse("www.example.test.");

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned(HostName);

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task Dot_HostNameAuthenticated_Succeeds()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server) with { CertificateValidation = TestCertificates.TrustOnly(_certificate) });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(DnsTransportProtocol.Tls, result.Transport);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Dot_HostNameMismatch_FailsInStrictProfile()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server) with { TlsHostName = "other.example.test", CertificateValidation = TestCertificates.TrustOnly(_certificate) });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.TlsAuthenticationFailed, result.Status);
        Assert.Equal(0, server.StreamQueries);
    }

    [Fact]
    public async Task Dot_UntrustedSelfSignedCertificateWithPlatformValidation_Fails()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server));

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.TlsAuthenticationFailed, result.Status);
        Assert.Equal(0, server.StreamQueries);
    }

    [Fact]
    public async Task Dot_SpkiPinMatches_Succeeds()
    {
        await using FakeDnsServer server = TlsServer();
        byte[] pin = SHA256.HashData(_certificate.PublicKey.ExportSubjectPublicKeyInfo());
        await using StubResolver resolver = Resolver(Dot(server) with { TlsHostName = "name.not.checked.with.pins", TlsSpkiPins = [RandomPin(), pin] });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
    }

    [Fact]
    public async Task Dot_SpkiPinWrong_Fails()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server) with { TlsSpkiPins = [RandomPin()], CertificateValidation = TestCertificates.TrustOnly(_certificate) });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.TlsAuthenticationFailed, result.Status);
        Assert.Equal(0, server.StreamQueries);
    }

    [Fact]
    public async Task Dot_OpportunisticProfileWithWrongPin_ProceedsUnauthenticated()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server) with { TlsSpkiPins = [RandomPin()], TlsProfile = TlsAuthenticationProfile.DangerousOpportunistic });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
    }

    [Fact]
    public async Task Dot_AuthenticationFailure_FailsOverToNextServer()
    {
        await using FakeDnsServer bad = TlsServer();
        await using FakeDnsServer good = TlsServer();
        await using StubResolver resolver = DnsSecure.Tests.Resolution.StubResolverTests.Build(o =>
        {
            o.Servers.Add(Dot(bad) with { TlsSpkiPins = [RandomPin()] });
            o.Servers.Add(Dot(good) with { TlsSpkiPins = [SHA256.HashData(_certificate.PublicKey.ExportSubjectPublicKeyInfo())] });
            o.Timeout = TimeSpan.FromSeconds(10);
        });

        LookupResult result = await resolver.LookupAsync(Www, RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(good.EndPoint, result.Server!.EndPoint);
    }

    [Fact]
    public async Task Dot_ManyQueries_ShareOneTlsConnection()
    {
        await using FakeDnsServer server = TlsServer();
        await using StubResolver resolver = Resolver(Dot(server) with { CertificateValidation = TestCertificates.TrustOnly(_certificate) });

        LookupResult[] results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => resolver.LookupAsync(DomainName.Parse($"n{i}.example.test."), RecordType.A).AsTask()));

        Assert.All(results, r => Assert.Equal(LookupStatus.Success, r.Status));
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public void ComputeSpkiPin_MatchesOpenSslPipeline()
    {
        string pem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pem, _certificate.ExportCertificatePem());

            // The RFC 7858 §4.2 recipe: openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary.
            var psi = new ProcessStartInfo("/bin/sh", ["-c", $"openssl x509 -in '{pem}' -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64"])
            {
                RedirectStandardOutput = true,
            };
            using Process openssl = Process.Start(psi) ?? throw new InvalidOperationException("openssl (package openssl) could not be started");
            string expected = openssl.StandardOutput.ReadToEnd().Trim();
            openssl.WaitForExit();

            Assert.Equal(0, openssl.ExitCode);
            Assert.Equal(expected, Convert.ToBase64String(TlsServerAuthenticator.ComputeSpkiPin(_certificate)));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    private static byte[] RandomPin() => RandomNumberGenerator.GetBytes(32);

    private static NameServer Dot(FakeDnsServer server) => NameServer.Tls(server.EndPoint.Address, HostName, server.EndPoint.Port);

    // The first TLS handshake of a process loads the platform's TLS stack and trust store: allow it time.
    private static StubResolver Resolver(NameServer server) => DnsSecure.Tests.Resolution.StubResolverTests.Build(o =>
    {
        o.Servers.Add(server);
        o.Timeout = TimeSpan.FromSeconds(10);
    });

    private FakeDnsServer TlsServer() =>
        new(r => Task.FromResult<FakeResponse?>(FakeDnsServer.Reply(r.Query, FakeDnsServer.A(r.Query, "192.0.2.1"))), IPAddress.Loopback, udp: false, tcp: false, tlsCertificate: _certificate);
}
