using System.Security.Cryptography;
using DnsSecure.Iana;
using DnsSecure.Records;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace DnsSecure.Tests.Fixtures;

/// <summary>
/// A minimal signature check for tests of the signing input: if a signature made by BIND or dnspython verifies over
/// the octets <see cref="RRSet.GetSigningInput"/> built, those octets are the ones that were signed. (The library's
/// own algorithm code is elsewhere; this is deliberately independent of it.)
/// </summary>
internal static class SignatureCheck
{
    public static bool Verify(DnskeyRdata key, byte[] data, byte[] signature)
    {
        ReadOnlySpan<byte> k = key.PublicKey.Span;
        switch (key.Algorithm)
        {
            case DnssecAlgorithm.RsaSha1:
            case DnssecAlgorithm.RsaSha256:
            case DnssecAlgorithm.RsaSha512:
            {
                // RFC 3110 §2: exponent length (1 octet, or 0 and 2 octets), exponent, modulus.
                int offset = k[0] == 0 ? 3 : 1;
                int expLength = k[0] == 0 ? (k[1] << 8) | k[2] : k[0];
                using var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Exponent = k.Slice(offset, expLength).ToArray(),
                    Modulus = k[(offset + expLength)..].ToArray(),
                });
                HashAlgorithmName hash = key.Algorithm switch
                {
                    DnssecAlgorithm.RsaSha1 => HashAlgorithmName.SHA1,
                    DnssecAlgorithm.RsaSha256 => HashAlgorithmName.SHA256,
                    _ => HashAlgorithmName.SHA512,
                };
                return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
            }

            case DnssecAlgorithm.EcdsaP256Sha256:
            {
                // RFC 6605 §4: the key is X || Y, the signature r || s, 32 octets each.
                using var ecdsa = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = k[..32].ToArray(), Y = k[32..].ToArray() },
                });
                return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            case DnssecAlgorithm.Ed25519:
            {
                // RFC 8080 §3: the raw 32-octet public key; 64-octet signature.
                var signer = new Ed25519Signer();
                signer.Init(false, new Ed25519PublicKeyParameters(k.ToArray(), 0));
                signer.BlockUpdate(data, 0, data.Length);
                return signer.VerifySignature(signature);
            }

            default:
                throw new NotSupportedException($"The test helper does not check algorithm {key.Algorithm}.");
        }
    }

    /// <summary>
    /// Verifies every RRSIG among <paramref name="records"/> over the RRset it covers, with the key of
    /// <paramref name="keys"/> its key tag names; returns how many were checked. Fails the test on any mismatch.
    /// </summary>
    public static int VerifyAll(IReadOnlyList<ResourceRecord> records, IReadOnlyList<DnskeyRdata> keys)
    {
        int verified = 0;
        var sets = RRSet.Group(records.Where(r => r.Type != RecordType.RRSIG));
        foreach (ResourceRecord sigRecord in records.Where(r => r.Type == RecordType.RRSIG))
        {
            var sig = (RrsigRdata)sigRecord.Data;
            RRSet set = Assert.Single(sets, s => s.Name == sigRecord.Name && s.Type == sig.TypeCovered);
            DnskeyRdata key = Assert.Single(keys, k => k.KeyTag == sig.KeyTag && k.Algorithm == sig.Algorithm);
            byte[] input = set.GetSigningInput(sig);
            Assert.True(Verify(key, input, sig.Signature.ToArray()), $"RRSIG {sig.TypeCovered.ToText()} at {sigRecord.Name} (key {sig.KeyTag}) does not verify");
            verified++;
        }

        return verified;
    }
}
