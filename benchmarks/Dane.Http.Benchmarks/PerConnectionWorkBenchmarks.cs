using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using DaneHttp.Http;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DaneHttp.Benchmarks;

/// <summary>
/// The client-side work Dane.Http adds to one new connection, without the network: the certificate decision on the chain
/// the runtime built (DANE-EE 3 1 1; the runtime's own chain build is not repeated), the expiry wrapper of the
/// connection's stream, and the TLSA + address lookup from a warm cache (done only when an endpoint's data has less than
/// a few seconds of TTL left; otherwise the endpoint's data is reused without any lookup).
/// </summary>
[MemoryDiagnoser]
public class PerConnectionWorkBenchmarks
{
    private TestHierarchy _hierarchy = null!;
    private StubResolver _stub = null!;
    private DaneEndpointAuthenticator _authenticator = null!;
    private EndpointTrust _trust = null!;
    private X509Certificate2 _leaf = null!;
    private X509Chain _chain = null!;

    [GlobalSetup]
    public void Setup()
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=www.example", key, HashAlgorithmName.SHA256);
            using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            _leaf = X509CertificateLoader.LoadCertificate(created.RawData);
        }

        _hierarchy = TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, _leaf, "www")).GetAwaiter().GetResult();
        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(_hierarchy.EndPoint));
        _stub = new StubResolver(stubOptions);
        var resolver = new ValidatingResolver(new StubDataSource(_stub), _hierarchy.TrustAnchorStore);
        _authenticator = new DaneEndpointAuthenticator(new DaneTargetResolver(resolver), new DaneTlsOptions(), TimeSpan.FromHours(1), TimeProvider.System);
        _trust = _authenticator.GetTrustAsync("www.example", 443, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        // The chain as the runtime hands it to the callback: built once, with the server's certificates in the extra store.
        _chain = new X509Chain();
        _chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        _chain.ChainPolicy.ExtraStore.Add(_leaf);
        _chain.Build(_leaf);
        if (_authenticator.Verify(_trust, _leaf, _chain, SslPolicyErrors.RemoteCertificateChainErrors) is not DaneConnectionResult { IsAuthenticatedByDane: true })
        {
            throw new InvalidOperationException("The benchmark set-up is not authenticated by DANE.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _chain.Dispose();
        _leaf.Dispose();
        _stub.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _hierarchy.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The certificate callback's work: DANE-EE 3 1 1 on the presented chain.</summary>
    [Benchmark]
    public object CertificateCheck() => _authenticator.Verify(_trust, _leaf, _chain, SslPolicyErrors.RemoteCertificateChainErrors);

    /// <summary>For comparison: one X509Chain build of the same certificate, which the runtime does for every handshake anyway.</summary>
    [Benchmark]
    public bool RuntimeChainBuild()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.Add(_leaf);
        return chain.Build(_leaf);
    }

    /// <summary>The stream wrapper that ends the connection with its TLSA TTL (created with the connection, disposed with it).</summary>
    [Benchmark]
    public void ExpiringStreamLifetime()
    {
        using var stream = new ExpiringStream(Stream.Null, _trust.ValidUntil, TimeProvider.System);
    }

    /// <summary>TLSA and addresses from the warm validator cache (only when the endpoint's own copy is about to expire).</summary>
    [Benchmark]
    public async Task<object> TlsaLookupWarmCache() => await _authenticator.GetTrustAsync("www.example", 443, CancellationToken.None);
}
