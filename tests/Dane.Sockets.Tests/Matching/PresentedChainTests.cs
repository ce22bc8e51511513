using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Matching;

public sealed class PresentedChainTests
{
    private static readonly TestPki Pki = new();

    [Fact]
    public void FromValidationCallback_ReturnsLeafThenPeerCertificatesWithoutDuplicates()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.Add(Pki.Intermediate);
        chain.ChainPolicy.ExtraStore.Add(Pki.Leaf);
        chain.ChainPolicy.ExtraStore.Add(Pki.Root);

        IReadOnlyList<X509Certificate2> presented = PresentedChain.FromValidationCallback(Pki.Leaf, chain);

        Assert.Equal([Pki.Leaf.RawData, Pki.Intermediate.RawData, Pki.Root.RawData], presented.Select(c => c.RawData));
    }

    [Fact]
    public async Task FromValidationCallback_OverLoopbackTls_LetsDaneTaAuthenticateThePeer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var records = new[] { TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256) };
        var options = DaneVerificationOptions.Default with { TimeProvider = new FixedTimeProvider(TestPki.Now) };
        DaneVerificationResult? seen = null;

        Task server = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync();
            using var tls = new SslStream(accepted.GetStream());
            var context = SslStreamCertificateContext.Create(Pki.Leaf, [Pki.Intermediate], offline: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context });
            await tls.WriteAsync(new byte[] { 42 });
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var clientTls = new SslStream(client.GetStream(), false, (_, certificate, chain, _) =>
        {
            seen = DaneMatcher.Verify(new DaneVerificationRequest(records, PresentedChain.FromValidationCallback(certificate, chain), [TestPki.HostName]) { Options = options });
            return seen.IsVerified;
        });
        await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = TestPki.HostName });
        byte[] buffer = new byte[1];
        int read = await clientTls.ReadAsync(buffer);
        await server;

        Assert.Equal(1, read);
        Assert.NotNull(seen);
        Assert.Equal(DaneOutcome.Verified, seen.Outcome);
        Assert.Equal(1, seen.MatchDepth);
    }

    [Fact]
    public void FromValidationCallback_WithoutCertificate_IsEmpty() =>
        Assert.Empty(PresentedChain.FromValidationCallback(null, null));

    [Fact]
    public void FromPem_ReadsCertificatesInOrderAndSkipsOtherText()
    {
        string pem = "subject=leaf\n" + Pki.Leaf.ExportCertificatePem() + "\nissuer=x\n" + Pki.Intermediate.ExportCertificatePem();

        IReadOnlyList<X509Certificate2> chain = PresentedChain.FromPem(pem);

        Assert.Equal([Pki.Leaf.RawData, Pki.Intermediate.RawData], chain.Select(c => c.RawData));
    }
}
