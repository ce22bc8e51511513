using System.Security.Cryptography;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>RSA with PKCS #1 v1.5 signatures: RSASHA1 and RSASHA1-NSEC3-SHA1 (RFC 3110, RFC 5155 §2),
/// RSASHA256 and RSASHA512 (RFC 5702).</summary>
internal sealed class RsaSignatureAlgorithm : SignatureAlgorithm
{
    // RFC 3110 §2 and RFC 5702 §2: moduli of 512 to 4096 bits; RFC 5702 §2: RSA/SHA-512 keys of at least 1024 bits.
    private const int MinModulusBits = 512;
    private const int MinModulusBitsSha512 = 1024;
    private const int MaxModulusBits = 4096;

    private readonly HashAlgorithmName _hash;
    private readonly int _minModulusBits;

    public RsaSignatureAlgorithm(DnssecAlgorithm algorithm)
        : base(algorithm)
    {
        _hash = algorithm switch
        {
            DnssecAlgorithm.RsaSha1 or DnssecAlgorithm.RsaSha1Nsec3Sha1 => HashAlgorithmName.SHA1,
            DnssecAlgorithm.RsaSha256 => HashAlgorithmName.SHA256,
            DnssecAlgorithm.RsaSha512 => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        _minModulusBits = algorithm == DnssecAlgorithm.RsaSha512 ? MinModulusBitsSha512 : MinModulusBits;
    }

    /// <inheritdoc/>
    public override int FixedSignatureLength => 0;

    /// <inheritdoc/>
    public override VerificationKey? ImportPublicKey(ReadOnlySpan<byte> publicKeyField)
    {
        if (!TrySplitPublicKey(publicKeyField, out ReadOnlySpan<byte> exponent, out ReadOnlySpan<byte> modulus))
        {
            return null;
        }

        int bits = BitLength(modulus);
        if (bits < _minModulusBits || bits > MaxModulusBits)
        {
            return null;
        }

        RSA? rsa = null;
        try
        {
            rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Exponent = exponent.ToArray(), Modulus = modulus.ToArray() });
            return new RsaVerificationKey(Algorithm, rsa, _hash, modulus.Length);
        }
        catch (CryptographicException)
        {
            rsa?.Dispose();
            return null;
        }
    }

    /// <inheritdoc/>
    public override DnssecPrivateKey GenerateKey(int keySize)
    {
        if (keySize < _minModulusBits || keySize > MaxModulusBits)
        {
            throw new ArgumentOutOfRangeException(nameof(keySize), keySize, $"{Algorithm} keys have {_minModulusBits} to {MaxModulusBits} bits.");
        }

        return new RsaPrivateKey(Algorithm, RSA.Create(keySize), _hash);
    }

    /// <inheritdoc/>
    public override DnssecPrivateKey ImportPkcs8PrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return new RsaPrivateKey(Algorithm, rsa, _hash);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Splits an RFC 3110 §2 public-key field into exponent and modulus (leading zero octets of the modulus removed).</summary>
    internal static bool TrySplitPublicKey(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> exponent, out ReadOnlySpan<byte> modulus)
    {
        exponent = default;
        modulus = default;
        if (field.IsEmpty)
        {
            return false;
        }

        // RFC 3110 §2: one length octet, or a zero octet followed by a two-octet length.
        int exponentLength = field[0];
        int offset = 1;
        if (exponentLength == 0)
        {
            if (field.Length < 3)
            {
                return false;
            }

            exponentLength = (field[1] << 8) | field[2];
            offset = 3;
        }

        if (exponentLength == 0 || field.Length - offset <= exponentLength)
        {
            return false;
        }

        exponent = field.Slice(offset, exponentLength);
        modulus = field[(offset + exponentLength)..];
        int zeros = 0;
        while (zeros < modulus.Length && modulus[zeros] == 0)
        {
            zeros++;
        }

        modulus = modulus[zeros..];
        return !modulus.IsEmpty && exponent.IndexOfAnyExcept((byte)0) >= 0;
    }

    /// <summary>Encodes an RSA public key as an RFC 3110 §2 public-key field.</summary>
    internal static byte[] EncodePublicKey(ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus)
    {
        exponent = TrimLeadingZeros(exponent);
        modulus = TrimLeadingZeros(modulus);
        int prefix = exponent.Length <= byte.MaxValue ? 1 : 3;
        byte[] field = new byte[prefix + exponent.Length + modulus.Length];
        if (prefix == 1)
        {
            field[0] = (byte)exponent.Length;
        }
        else
        {
            field[1] = (byte)(exponent.Length >> 8);
            field[2] = (byte)exponent.Length;
        }

        exponent.CopyTo(field.AsSpan(prefix));
        modulus.CopyTo(field.AsSpan(prefix + exponent.Length));
        return field;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        int i = value.IndexOfAnyExcept((byte)0);
        return i < 0 ? [] : value[i..];
    }

    private static int BitLength(ReadOnlySpan<byte> unsignedBigEndian) =>
        unsignedBigEndian.IsEmpty ? 0 : ((unsignedBigEndian.Length - 1) * 8) + (32 - int.LeadingZeroCount(unsignedBigEndian[0]));

    private sealed class RsaVerificationKey(DnssecAlgorithm algorithm, RSA rsa, HashAlgorithmName hash, int modulusLength)
        : VerificationKey(algorithm)
    {
        public override bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
        {
            if (signature.IsEmpty || signature.Length > modulusLength)
            {
                return false;
            }

            try
            {
                if (signature.Length == modulusLength)
                {
                    return rsa.VerifyData(signingInput, signature, hash, RSASignaturePadding.Pkcs1);
                }

                // RFC 3110 §3 leaves the signature an unpadded integer octet string; some signers drop leading zeros.
                Span<byte> padded = stackalloc byte[modulusLength];
                padded.Clear();
                signature.CopyTo(padded[(modulusLength - signature.Length)..]);
                return rsa.VerifyData(signingInput, padded, hash, RSASignaturePadding.Pkcs1);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    private sealed class RsaPrivateKey : DnssecPrivateKey
    {
        private readonly RSA _rsa;
        private readonly HashAlgorithmName _hash;

        public RsaPrivateKey(DnssecAlgorithm algorithm, RSA rsa, HashAlgorithmName hash)
            : base(algorithm, ExportPublicKey(rsa))
        {
            _rsa = rsa;
            _hash = hash;
        }

        public override int KeySize => _rsa.KeySize;

        public override byte[] Sign(ReadOnlySpan<byte> signingInput) =>
            _rsa.SignData(signingInput, _hash, RSASignaturePadding.Pkcs1);

        public override byte[] ExportPkcs8PrivateKey() => _rsa.ExportPkcs8PrivateKey();

        private protected override void AppendBindPrivateFields(List<KeyValuePair<string, byte[]>> fields)
        {
            RSAParameters p = _rsa.ExportParameters(includePrivateParameters: true);
            fields.Add(new("Modulus", p.Modulus!));
            fields.Add(new("PublicExponent", p.Exponent!));
            fields.Add(new("PrivateExponent", p.D!));
            fields.Add(new("Prime1", p.P!));
            fields.Add(new("Prime2", p.Q!));
            fields.Add(new("Exponent1", p.DP!));
            fields.Add(new("Exponent2", p.DQ!));
            fields.Add(new("Coefficient", p.InverseQ!));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rsa.Dispose();
            }
        }

        private static byte[] ExportPublicKey(RSA rsa)
        {
            RSAParameters p = rsa.ExportParameters(includePrivateParameters: false);
            return EncodePublicKey(p.Exponent, p.Modulus);
        }
    }
}
