using System.Buffers;
using System.Security.Cryptography;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>The DS digest of a DNSKEY: digest(owner name in canonical form ‖ DNSKEY RDATA) (RFC 4034 §5.1.4),
/// with SHA-1 (RFC 4034), SHA-256 (RFC 4509) or SHA-384 (RFC 6605).</summary>
internal static class DsDigest
{
    /// <summary>The digest length of <paramref name="digestType"/> in octets, or 0 when it is not supported.</summary>
    public static int GetLength(DigestType digestType) => digestType switch
    {
        DigestType.Sha1 => SHA1.HashSizeInBytes,
        DigestType.Sha256 => SHA256.HashSizeInBytes,
        DigestType.Sha384 => SHA384.HashSizeInBytes,
        _ => 0,
    };

    /// <summary>True when DS records of <paramref name="digestType"/> can be computed and checked.</summary>
    public static bool IsSupported(DigestType digestType) => GetLength(digestType) != 0;

    /// <summary>Computes the digest into <paramref name="destination"/>; false when the type is unsupported or the destination too small.</summary>
    public static bool TryCompute(DigestType digestType, DomainName owner, ReadOnlySpan<byte> dnskeyRdata, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(owner);
        bytesWritten = 0;
        int length = GetLength(digestType);
        if (length == 0 || destination.Length < length)
        {
            return false;
        }

        int inputLength = owner.WireLength + dnskeyRdata.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(inputLength);
        try
        {
            // RFC 4034 §5.1.4 with §6.2: the owner name is written uncompressed and lowercased.
            int written = owner.CopyTo(buffer, lowercase: true);
            dnskeyRdata.CopyTo(buffer.AsSpan(written));
            ReadOnlySpan<byte> input = buffer.AsSpan(0, inputLength);
            bytesWritten = digestType switch
            {
                DigestType.Sha1 => SHA1.HashData(input, destination),
                DigestType.Sha256 => SHA256.HashData(input, destination),
                _ => SHA384.HashData(input, destination),
            };
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Computes the digest, or returns null when <paramref name="digestType"/> is not supported.</summary>
    public static byte[]? Compute(DigestType digestType, DomainName owner, ReadOnlySpan<byte> dnskeyRdata)
    {
        int length = GetLength(digestType);
        if (length == 0)
        {
            return null;
        }

        byte[] digest = new byte[length];
        return TryCompute(digestType, owner, dnskeyRdata, digest, out _) ? digest : null;
    }

    /// <summary>True when <paramref name="digest"/> is the DS digest of the key (constant-time comparison).</summary>
    public static bool Matches(DigestType digestType, DomainName owner, ReadOnlySpan<byte> dnskeyRdata, ReadOnlySpan<byte> digest)
    {
        Span<byte> computed = stackalloc byte[SHA384.HashSizeInBytes];
        return TryCompute(digestType, owner, dnskeyRdata, computed, out int written)
            && CryptographicOperations.FixedTimeEquals(computed[..written], digest);
    }
}
