using System.Security.Cryptography;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The runtime's signature primitive with nothing of ours around it, for the <c>verify-floor</c> stage of
/// <see cref="ValidatorStages"/>: the key parsed from the DNSKEY's public-key field (RFC 6605 §4, RFC 3110 §2) into an
/// <see cref="ECDsa"/> or <see cref="RSA"/> once, then one <c>VerifyData</c> per signature.
/// </summary>
internal sealed class RawVerifier
{
    private readonly Func<byte[], ReadOnlySpan<byte>, bool> _verify;

    private RawVerifier(Func<byte[], ReadOnlySpan<byte>, bool> verify) => _verify = verify;

    /// <summary>Whether <paramref name="signature"/> is valid over <paramref name="data"/>.</summary>
    public bool Verify(byte[] data, ReadOnlySpan<byte> signature) => _verify(data, signature);

    /// <summary>A verifier for ECDSA P-256/P-384 and RSA/SHA-256/512 keys; null for other algorithms.</summary>
    public static RawVerifier? TryCreate(DnskeyRdata key)
    {
        ReadOnlySpan<byte> field = key.PublicKey.Span;
        switch (key.Algorithm)
        {
            case DnssecAlgorithm.EcdsaP256Sha256 or DnssecAlgorithm.EcdsaP384Sha384:
            {
                int half = field.Length / 2;
                var ecdsa = ECDsa.Create(new ECParameters
                {
                    Curve = key.Algorithm == DnssecAlgorithm.EcdsaP256Sha256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384,
                    Q = new ECPoint { X = field[..half].ToArray(), Y = field[half..].ToArray() },
                });
                HashAlgorithmName hash = key.Algorithm == DnssecAlgorithm.EcdsaP256Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
                return new RawVerifier((data, signature) => ecdsa.VerifyData(data, signature, hash));
            }

            case DnssecAlgorithm.RsaSha256 or DnssecAlgorithm.RsaSha512:
            {
                // RFC 3110 §2: a one-octet exponent length, or zero and a two-octet length.
                int exponentLength = field[0] != 0 ? field[0] : (field[1] << 8) | field[2];
                int offset = field[0] != 0 ? 1 : 3;
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Exponent = field.Slice(offset, exponentLength).ToArray(),
                    Modulus = field[(offset + exponentLength)..].ToArray(),
                });
                HashAlgorithmName hash = key.Algorithm == DnssecAlgorithm.RsaSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
                return new RawVerifier((data, signature) => rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1));
            }

            default:
                return null;
        }
    }
}
