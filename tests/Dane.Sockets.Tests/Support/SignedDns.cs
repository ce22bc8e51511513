using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DaneSockets.Tests.Support;

/// <summary>A private signed DNS tree (Dns.Secure.Testing) with a validating stub resolver pointed at it.</summary>
internal sealed class SignedDns : IAsyncDisposable
{
    private SignedDns(TestHierarchy hierarchy, StubResolver stub, DaneTargetResolver targets)
    {
        Hierarchy = hierarchy;
        Stub = stub;
        Targets = targets;
    }

    public TestHierarchy Hierarchy { get; }

    public StubResolver Stub { get; }

    public DaneTargetResolver Targets { get; }

    public static async Task<SignedDns> CreateAsync(Action<TestHierarchyBuilder> configure, Action<StubResolverOptions>? stubOptions = null)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(configure);
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(hierarchy.EndPoint));
        stubOptions?.Invoke(options);
        var stub = new StubResolver(options);
        var anchors = TrustAnchorStore.Create(TrustAnchorLoader.FromRecords(hierarchy.TrustAnchors));
        return new SignedDns(hierarchy, stub, new DaneTargetResolver(new ValidatingResolver(new StubDataSource(stub), anchors)));
    }

    /// <summary>A self-signed certificate for <paramref name="dnsName"/>, valid around now, usable by an SslStream server.</summary>
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

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync();
        await Hierarchy.DisposeAsync();
    }
}
