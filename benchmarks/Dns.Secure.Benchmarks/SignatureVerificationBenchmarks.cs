using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Benchmarks;

/// <summary>
/// One RRSIG check three ways: on a key object imported once (the raw primitive), through <see cref="SignatureVerifier"/>
/// and its key cache (what the validator does), and importing the DNSKEY public-key field every time (no cache).
/// The cached rate should stay within 10% of the raw one. <see cref="ThroughValidator"/> checks a signed A RRset with
/// <see cref="RrsetVerifier"/> (RFC 4035 §5.3 field and time checks, canonical signing input, key selection, then the
/// signature): goal ≥ 0.9× the rate of <see cref="RawPrimitiveRrset"/>, the primitive alone on the same RRset's signing input.
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
    private RRSet _rrset = null!;
    private RrsigRdata _rrsig = null!;
    private DnskeyRdata[] _keys = [];
    private RrsigRdata[] _rrsigs = [];
    private byte[] _rrsetSigningInput = [];
    private RrsetVerifier _rrsetVerifier = null!;
    private static readonly DomainName s_zone = DomainName.Parse("example.");

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

        var dnskey = new DnskeyRdata(0x0101, 3, Algorithm, _publicKey);
        _rrset = new RRSet(DomainName.Parse("www.example."), RecordClass.IN, 3600, [new ARdata(System.Net.IPAddress.Parse("192.0.2.1")), new ARdata(System.Net.IPAddress.Parse("192.0.2.2"))]);
        uint now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unsigned = new RrsigRdata(RecordType.A, Algorithm, 2, 3600, now + 86400, now - 3600, dnskey.KeyTag, s_zone, Array.Empty<byte>());
        _rrsetSigningInput = _rrset.GetSigningInput(unsigned);
        _rrsig = new RrsigRdata(RecordType.A, Algorithm, 2, 3600, now + 86400, now - 3600, dnskey.KeyTag, s_zone, key.Sign(_rrsetSigningInput));
        _rrsigs = [_rrsig];
        _keys = [dnskey];
        _rrsetVerifier = new RrsetVerifier(null, null, _verifier);
        if (_rrsetVerifier.Verify(_rrset, _rrsigs, _keys, s_zone).Status != Dnssec.DnssecStatus.Secure || !RawPrimitiveRrset())
        {
            throw new InvalidOperationException("Setup failed: the RRset does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool RawPrimitive() => _imported.Verify(_signingInput, _signature);

    [Benchmark]
    public bool ThroughCache() => _verifier.Verify(Algorithm, _publicKey, _signingInput, _signature) == SignatureVerdict.Valid;

    /// <summary>The cache's own cost on a hit: what <see cref="ThroughCache"/> adds to <see cref="RawPrimitive"/>.</summary>
    [Benchmark]
    public bool CacheHitOnly() => _cache.GetOrImport(_implementation, _publicKey) is not null;

    /// <summary>The primitive alone on the signing input of the RRset <see cref="ThroughValidator"/> checks.</summary>
    [Benchmark]
    public bool RawPrimitiveRrset() => _imported.Verify(_rrsetSigningInput, _rrsig.Signature.Span);

    /// <summary>The RRset's RRSIG checked as the validator does (RFC 4035 §5.3), key cached.</summary>
    [Benchmark]
    public bool ThroughValidator() => _rrsetVerifier.Verify(_rrset, _rrsigs, _keys, s_zone).Status == Dnssec.DnssecStatus.Secure;

    [Benchmark]
    public bool ImportEveryTime() => _implementation.ImportPublicKey(_publicKey)!.Verify(_signingInput, _signature);
}
