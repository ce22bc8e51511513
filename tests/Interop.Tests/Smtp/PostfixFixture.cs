using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Smtp;

/// <summary>One Postfix instance for the SMTP interop tests: <c>mx.example</c> on 127.53.25.x with a self-signed certificate.</summary>
public sealed class PostfixFixture : IAsyncLifetime
{
    public const string HostName = "mx.example";

    private PostfixServer? _server;

    public PostfixServer Server => _server ?? throw new InvalidOperationException("Postfix did not start.");

    public X509Certificate2 Certificate { get; } = SelfSigned(HostName);

    public async Task InitializeAsync()
    {
        var address = IPAddress.Parse($"127.53.25.{Random.Shared.Next(2, 250)}");
        _server = await PostfixServer.StartAsync(address, Certificate, HostName, "example");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Certificate.Dispose();
    }

    public static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
