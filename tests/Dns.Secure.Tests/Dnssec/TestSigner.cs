using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec;

/// <summary>Signs RRsets for validator tests with a freshly generated key.</summary>
internal sealed class TestSigner : IDisposable
{
    private readonly DnssecPrivateKey _key;

    public TestSigner(string zone, DnssecAlgorithm algorithm = DnssecAlgorithm.EcdsaP256Sha256, ushort flags = 257)
    {
        Zone = DomainName.Parse(zone);
        _key = DnssecPrivateKey.Generate(algorithm);
        Dnskey = new DnskeyRdata(flags, 3, algorithm, _key.PublicKeyField);
    }

    public DomainName Zone { get; }

    public DnskeyRdata Dnskey { get; }

    public RrsigRdata Sign(RRSet rrset, DateTimeOffset inception, DateTimeOffset expiration, byte? labels = null, DomainName? signer = null, ushort? keyTag = null, uint? originalTtl = null)
    {
        int ownerLabels = rrset.Name.IsWildcard ? rrset.Name.LabelCount - 1 : rrset.Name.LabelCount;
        var unsigned = new RrsigRdata(rrset.Type, Dnskey.Algorithm, labels ?? (byte)ownerLabels, originalTtl ?? rrset.Ttl,
            (uint)expiration.ToUnixTimeSeconds(), (uint)inception.ToUnixTimeSeconds(), keyTag ?? Dnskey.KeyTag, signer ?? Zone, Array.Empty<byte>());
        byte[] signature = _key.Sign(rrset.GetSigningInput(unsigned));
        return new RrsigRdata(unsigned.TypeCovered, unsigned.Algorithm, unsigned.Labels, unsigned.OriginalTtl, unsigned.SignatureExpiration,
            unsigned.SignatureInception, unsigned.KeyTag, unsigned.SignerName, signature);
    }

    public void Dispose() => _key.Dispose();
}
