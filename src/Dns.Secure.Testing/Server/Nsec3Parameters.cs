using System.Security.Cryptography;
using DnsSecure.Text;

namespace DnsSecure.Testing.Server;

/// <summary>The parameters that hash owner names in an NSEC3 zone (RFC 5155 §3.1.1, §3.1.3, §3.1.5).</summary>
/// <param name="HashAlgorithm">1 = SHA-1, the only one defined.</param>
/// <param name="Iterations">Additional hash iterations.</param>
/// <param name="Salt">The salt.</param>
internal sealed record Nsec3Parameters(byte HashAlgorithm, ushort Iterations, byte[] Salt)
{
    /// <summary>The hash of a name: IH(salt, x, k) of RFC 5155 §5, over the canonical (lowercase) wire form.</summary>
    public byte[] Hash(DomainName name)
    {
        Span<byte> buffer = stackalloc byte[Math.Max(name.WireLength, SHA1.HashSizeInBytes) + Salt.Length];
        int length = name.CopyTo(buffer, lowercase: true);
        Salt.CopyTo(buffer[length..]);
        byte[] digest = SHA1.HashData(buffer[..(length + Salt.Length)]);
        for (int i = 0; i < Iterations; i++)
        {
            digest.CopyTo(buffer);
            Salt.CopyTo(buffer[digest.Length..]);
            digest = SHA1.HashData(buffer[..(digest.Length + Salt.Length)]);
        }

        return digest;
    }

    /// <summary>The hash an NSEC3 owner name carries in its first label, base32hex-encoded (RFC 5155 §3.3).</summary>
    public static bool TryGetOwnerHash(DomainName owner, out byte[] hash)
    {
        hash = [];
        return !owner.IsRoot && TextFormat.TryFromBase32Hex(System.Text.Encoding.ASCII.GetString(owner.GetLabel(0)), out hash);
    }
}
