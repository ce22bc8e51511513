using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Benchmarks;

/// <summary>
/// One RRSIG check three ways: on a key object imported once (the raw primitive), through <see cref="SignatureVerifier"/>
/// and its key cache (what the validator does), and importing the DNSKEY public-key field every time (no cache).
/// The cached rate should stay within 10% of the raw one.
/// </summary>
public class SignatureVerificationBenchmarks
{
    private readonly byte[] _signingInput = new byte[200];
    private byte[] _publicKey = [];
    private byte[] _signature = [];
    private SignatureAlgorithm _implementation = null!;
    private VerificationKey _imported = null!;
    private SignatureVerifier _verifier = null!;
    private VerificationKeyCache _cache = null!;

    /// <summary>The algorithm.</summary>
    [Params(DnssecAlgorithm.RsaSha256, DnssecAlgorithm.EcdsaP256Sha256, DnssecAlgorithm.EcdsaP384Sha384, DnssecAlgorithm.Ed25519)]
    public DnssecAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_signingInput);
        using DnssecPrivateKey key = DnssecPrivateKey.Generate(Algorithm);
        _publicKey = key.PublicKeyField.ToArray();
        _signature = key.Sign(_signingInput);
        _implementation = SignatureAlgorithm.Get(Algorithm)!;
        _imported = _implementation.ImportPublicKey(_publicKey)!;
        _cache = new VerificationKeyCache();
        _verifier = new SignatureVerifier(_cache);
    }

    [Benchmark(Baseline = true)]
    public bool RawPrimitive() => _imported.Verify(_signingInput, _signature);

    [Benchmark]
    public bool ThroughCache() => _verifier.Verify(Algorithm, _publicKey, _signingInput, _signature) == SignatureVerdict.Valid;

    /// <summary>The cache's own cost on a hit: what <see cref="ThroughCache"/> adds to <see cref="RawPrimitive"/>.</summary>
    [Benchmark]
    public bool CacheHitOnly() => _cache.GetOrImport(_implementation, _publicKey) is not null;

    [Benchmark]
    public bool ImportEveryTime() => _implementation.ImportPublicKey(_publicKey)!.Verify(_signingInput, _signature);
}
