using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Dnssec;

/// <summary>
/// The NSEC3 hash of an owner name (RFC 5155 §5) and the base32hex labels that carry it (RFC 5155 §3.3, RFC 4648 §7).
/// <c>IH(salt, x, 0) = H(x || salt)</c>, <c>IH(salt, x, k) = H(IH(salt, x, k-1) || salt)</c>, over the name in canonical
/// (lowercase, uncompressed) wire form, with <c>iterations + 1</c> applications of H in all.
/// </summary>
public static class Nsec3Hash
{
    /// <summary>Length of a SHA-1 NSEC3 hash.</summary>
    public const int Sha1HashLength = 20;

    /// <summary>Computes the SHA-1 NSEC3 hash of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The salt is longer than 255 octets.</exception>
    public static byte[] Compute(DomainName name, ReadOnlySpan<byte> salt, ushort iterations)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (salt.Length > byte.MaxValue)
        {
            throw new ArgumentException("An NSEC3 salt has at most 255 octets.", nameof(salt));
        }

        byte[] hash = new byte[Sha1HashLength];
        ComputeSha1(name, salt, iterations, hash);
        return hash;
    }

    /// <summary>Computes the hash with <paramref name="algorithm"/>; false when the algorithm is not one this library knows
    /// (RFC 5155 §8.1: NSEC3 records with unknown hash algorithms are ignored) or the salt is longer than 255 octets.</summary>
    public static bool TryCompute(DomainName name, Nsec3HashAlgorithm algorithm, ReadOnlySpan<byte> salt, ushort iterations, [NotNullWhen(true)] out byte[]? hash)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (algorithm != Nsec3HashAlgorithm.Sha1 || salt.Length > byte.MaxValue)
        {
            hash = null;
            return false;
        }

        hash = new byte[Sha1HashLength];
        ComputeSha1(name, salt, iterations, hash);
        return true;
    }

    /// <summary>The hashed owner name: the base32hex hash as a label prepended to <paramref name="zone"/> (RFC 5155 §3).</summary>
    /// <exception cref="DnsFormatException">The resulting name is longer than 255 octets.</exception>
    public static DomainName GetHashedOwnerName(ReadOnlySpan<byte> hash, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.Prepend(ToLabel(hash));
    }

    /// <summary>The hash as a base32hex label in lowercase, without padding (RFC 5155 §3.3).</summary>
    /// <exception cref="ArgumentException">The hash is empty or its label would exceed 63 octets.</exception>
    public static string ToLabel(ReadOnlySpan<byte> hash)
    {
        // ceil(8n / 5) <= 63 characters: at most 39 octets.
        if (hash.IsEmpty || ((hash.Length * 8) + 4) / 5 > DnsLimits.MaxLabelLength)
        {
            throw new ArgumentException("The hash does not fit in one label.", nameof(hash));
        }

        return TextFormat.ToBase32Hex(hash).ToLowerInvariant();
    }

    /// <summary>Decodes a base32hex label (either case, no padding) back to the hash octets.</summary>
    public static bool TryDecodeLabel(ReadOnlySpan<byte> label, [NotNullWhen(true)] out byte[]? hash)
    {
        Span<char> chars = stackalloc char[DnsLimits.MaxLabelLength];
        if (label.IsEmpty || label.Length > DnsLimits.MaxLabelLength)
        {
            hash = null;
            return false;
        }

        for (int i = 0; i < label.Length; i++)
        {
            chars[i] = (char)label[i];
        }

        if (chars[..label.Length].Contains('=') || !TextFormat.TryFromBase32Hex(chars[..label.Length], out byte[] data) || data.Length == 0)
        {
            hash = null;
            return false;
        }

        hash = data;
        return true;
    }

    /// <summary>Decodes the first label of an NSEC3 owner name to the hash octets.</summary>
    public static bool TryGetOwnerHash(DomainName nsec3Owner, [NotNullWhen(true)] out byte[]? hash)
    {
        ArgumentNullException.ThrowIfNull(nsec3Owner);
        if (nsec3Owner.IsRoot)
        {
            hash = null;
            return false;
        }

        return TryDecodeLabel(nsec3Owner.GetLabel(0), out hash);
    }

    private static void ComputeSha1(DomainName name, ReadOnlySpan<byte> salt, ushort iterations, Span<byte> hash)
    {
        // The first input is the canonical name || salt; later inputs are the previous hash || salt.
        Span<byte> buffer = stackalloc byte[DnsLimits.MaxNameLength + byte.MaxValue];
        int nameLength = name.CopyTo(buffer, lowercase: true);
        salt.CopyTo(buffer[nameLength..]);
        SHA1.HashData(buffer[..(nameLength + salt.Length)], hash);
        salt.CopyTo(buffer[Sha1HashLength..]);
        Span<byte> input = buffer[..(Sha1HashLength + salt.Length)];
        for (int i = 0; i < iterations; i++)
        {
            hash.CopyTo(input);
            SHA1.HashData(input, hash);
        }
    }
}
