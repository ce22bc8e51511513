using System.Buffers;
using System.Security.Cryptography;
using DnsSecure.Iana;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>Ed25519 and Ed448 (RFC 8080): the public-key field is the raw RFC 8032 public key and the signature
/// the raw RFC 8032 signature. The BCL has no EdDSA, so the primitive is BouncyCastle's, kept out of every public signature.</summary>
internal sealed class EdDsaSignatureAlgorithm : SignatureAlgorithm
{
    private readonly bool _isEd448;
    private readonly int _publicKeyLength;
    private readonly int _signatureLength;

    public EdDsaSignatureAlgorithm(DnssecAlgorithm algorithm)
        : base(algorithm)
    {
        // RFC 8080 §3–4: 32-octet keys and 64-octet signatures for Ed25519, 57 and 114 for Ed448.
        (_isEd448, _publicKeyLength, _signatureLength) = algorithm switch
        {
            DnssecAlgorithm.Ed25519 => (false, Ed25519.PublicKeySize, Ed25519.SignatureSize),
            DnssecAlgorithm.Ed448 => (true, Ed448.PublicKeySize, Ed448.SignatureSize),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    /// <inheritdoc/>
    public override int FixedSignatureLength => _signatureLength;

    /// <inheritdoc/>
    public override VerificationKey? ImportPublicKey(ReadOnlySpan<byte> publicKeyField) =>
        publicKeyField.Length == _publicKeyLength
            ? new EdDsaVerificationKey(Algorithm, _isEd448, publicKeyField.ToArray(), _signatureLength)
            : null;

    /// <inheritdoc/>
    public override DnssecPrivateKey GenerateKey(int keySize)
    {
        byte[] secret = new byte[_isEd448 ? Ed448.SecretKeySize : Ed25519.SecretKeySize];
        RandomNumberGenerator.Fill(secret);
        return new EdDsaPrivateKey(Algorithm, _isEd448, secret);
    }

    /// <inheritdoc/>
    public override DnssecPrivateKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        AsymmetricKeyParameter key;
        try
        {
            key = PrivateKeyFactory.CreateKey(pkcs8.ToArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CryptographicException("The data is not a PKCS #8 private key.", ex);
        }

        return (key, _isEd448) switch
        {
            (Ed25519PrivateKeyParameters ed25519, false) => new EdDsaPrivateKey(Algorithm, false, ed25519.GetEncoded()),
            (Ed448PrivateKeyParameters ed448, true) => new EdDsaPrivateKey(Algorithm, true, ed448.GetEncoded()),
            _ => throw new CryptographicException($"The key is not a {Algorithm} key."),
        };
    }

    private static bool VerifyCore(bool isEd448, byte[] publicKey, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        byte[] message = ArrayPool<byte>.Shared.Rent(signingInput.Length);
        try
        {
            signingInput.CopyTo(message);
            byte[] sig = signature.ToArray();
            // Pure EdDSA with an empty context (RFC 8080 §4, RFC 8032 §5.2).
            return isEd448
                ? Ed448.Verify(sig, 0, publicKey, 0, [], message, 0, signingInput.Length)
                : Ed25519.Verify(sig, 0, publicKey, 0, message, 0, signingInput.Length);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private sealed class EdDsaVerificationKey(DnssecAlgorithm algorithm, bool isEd448, byte[] publicKey, int signatureLength)
        : VerificationKey(algorithm)
    {
        public override bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
            signature.Length == signatureLength && VerifyCore(isEd448, publicKey, signingInput, signature);
    }

    private sealed class EdDsaPrivateKey : DnssecPrivateKey
    {
        private readonly bool _isEd448;
        private readonly byte[] _secret;

        public EdDsaPrivateKey(DnssecAlgorithm algorithm, bool isEd448, byte[] secret)
            : base(algorithm, DerivePublicKey(isEd448, secret))
        {
            _isEd448 = isEd448;
            _secret = secret;
        }

        public override int KeySize => _isEd448 ? 456 : 256;

        public override byte[] Sign(ReadOnlySpan<byte> signingInput)
        {
            byte[] message = signingInput.ToArray();
            if (_isEd448)
            {
                byte[] signature = new byte[Ed448.SignatureSize];
                Ed448.Sign(_secret, 0, [], message, 0, message.Length, signature, 0);
                return signature;
            }
            else
            {
                byte[] signature = new byte[Ed25519.SignatureSize];
                Ed25519.Sign(_secret, 0, message, 0, message.Length, signature, 0);
                return signature;
            }
        }

        public override byte[] ExportPkcs8PrivateKey()
        {
            AsymmetricKeyParameter key = _isEd448 ? new Ed448PrivateKeyParameters(_secret, 0) : new Ed25519PrivateKeyParameters(_secret, 0);
            return Org.BouncyCastle.Pkcs.PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
        }

        private protected override void AppendBindPrivateFields(List<KeyValuePair<string, byte[]>> fields) =>
            fields.Add(new("PrivateKey", (byte[])_secret.Clone()));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                CryptographicOperations.ZeroMemory(_secret);
            }
        }

        private static byte[] DerivePublicKey(bool isEd448, byte[] secret)
        {
            byte[] publicKey = new byte[isEd448 ? Ed448.PublicKeySize : Ed25519.PublicKeySize];
            if (isEd448)
            {
                Ed448.GeneratePublicKey(secret, 0, publicKey, 0);
            }
            else
            {
                Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
            }

            return publicKey;
        }
    }
}
