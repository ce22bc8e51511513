using System.Security.Cryptography;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>ECDSA on P-256 with SHA-256 and on P-384 with SHA-384 (RFC 6605). The public-key field is X‖Y and the
/// signature r‖s, each coordinate a fixed-width big-endian integer (RFC 6605 §4).</summary>
internal sealed class EcdsaSignatureAlgorithm : SignatureAlgorithm
{
    private readonly ECCurve _curve;
    private readonly HashAlgorithmName _hash;
    private readonly int _coordinateLength;

    public EcdsaSignatureAlgorithm(DnssecAlgorithm algorithm)
        : base(algorithm)
    {
        (_curve, _hash, _coordinateLength) = algorithm switch
        {
            // RFC 6605 §4: 32-octet coordinates for P-256, 48 for P-384.
            DnssecAlgorithm.EcdsaP256Sha256 => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 32),
            DnssecAlgorithm.EcdsaP384Sha384 => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 48),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    /// <inheritdoc/>
    public override int FixedSignatureLength => 2 * _coordinateLength;

    /// <inheritdoc/>
    public override VerificationKey? ImportPublicKey(ReadOnlySpan<byte> publicKeyField)
    {
        if (publicKeyField.Length != 2 * _coordinateLength)
        {
            return null;
        }

        try
        {
            var parameters = new ECParameters
            {
                Curve = _curve,
                Q = new ECPoint
                {
                    X = publicKeyField[.._coordinateLength].ToArray(),
                    Y = publicKeyField[_coordinateLength..].ToArray(),
                },
            };

            // ECDsa.Create validates that the point lies on the curve.
            return new EcdsaVerificationKey(Algorithm, ECDsa.Create(parameters), _hash, FixedSignatureLength);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public override DnssecPrivateKey GenerateKey(int keySize) =>
        new EcdsaPrivateKey(Algorithm, ECDsa.Create(_curve), _hash, _coordinateLength);

    /// <inheritdoc/>
    public override DnssecPrivateKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            if (ecdsa.KeySize != _coordinateLength * 8)
            {
                throw new CryptographicException($"The key is not on the curve of {Algorithm}.");
            }

            return new EcdsaPrivateKey(Algorithm, ecdsa, _hash, _coordinateLength);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private sealed class EcdsaVerificationKey(DnssecAlgorithm algorithm, ECDsa ecdsa, HashAlgorithmName hash, int signatureLength)
        : VerificationKey(algorithm)
    {
        public override bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
        {
            // RFC 6605 §4: r and s, each exactly one coordinate long.
            if (signature.Length != signatureLength)
            {
                return false;
            }

            try
            {
                return ecdsa.VerifyData(signingInput, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    private sealed class EcdsaPrivateKey : DnssecPrivateKey
    {
        private readonly ECDsa _ecdsa;
        private readonly HashAlgorithmName _hash;
        private readonly int _coordinateLength;

        public EcdsaPrivateKey(DnssecAlgorithm algorithm, ECDsa ecdsa, HashAlgorithmName hash, int coordinateLength)
            : base(algorithm, ExportPublicKey(ecdsa, coordinateLength))
        {
            _ecdsa = ecdsa;
            _hash = hash;
            _coordinateLength = coordinateLength;
        }

        public override int KeySize => _coordinateLength * 8;

        public override byte[] Sign(ReadOnlySpan<byte> signingInput) =>
            _ecdsa.SignData(signingInput, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public override byte[] ExportPkcs8PrivateKey() => _ecdsa.ExportPkcs8PrivateKey();

        private protected override void AppendBindPrivateFields(List<KeyValuePair<string, byte[]>> fields)
        {
            ECParameters p = _ecdsa.ExportParameters(includePrivateParameters: true);
            fields.Add(new("PrivateKey", LeftPad(p.D!, _coordinateLength)));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _ecdsa.Dispose();
            }
        }

        private static byte[] ExportPublicKey(ECDsa ecdsa, int coordinateLength)
        {
            ECParameters p = ecdsa.ExportParameters(includePrivateParameters: false);
            byte[] field = new byte[2 * coordinateLength];
            LeftPad(p.Q.X!, coordinateLength).CopyTo(field, 0);
            LeftPad(p.Q.Y!, coordinateLength).CopyTo(field, coordinateLength);
            return field;
        }

        private static byte[] LeftPad(byte[] value, int length)
        {
            if (value.Length == length)
            {
                return value;
            }

            byte[] padded = new byte[length];
            value.AsSpan(Math.Max(0, value.Length - length)).CopyTo(padded.AsSpan(Math.Max(0, length - value.Length)));
            return padded;
        }
    }
}
