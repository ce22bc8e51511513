using DnsSecure.Dnssec;

namespace DnsSecure.Testing.Server;

/// <summary>The parameters that hash owner names in an NSEC3 zone (RFC 5155 §3.1.1, §3.1.3, §3.1.5).</summary>
/// <param name="HashAlgorithm">1 = SHA-1, the only one defined.</param>
/// <param name="Iterations">Additional hash iterations.</param>
/// <param name="Salt">The salt.</param>
internal sealed record Nsec3Parameters(byte HashAlgorithm, ushort Iterations, byte[] Salt)
{
    /// <summary>The hash of a name: IH(salt, x, k) of RFC 5155 §5, over the canonical (lowercase) wire form.</summary>
    public byte[] Hash(DomainName name) => Nsec3Hash.Compute(name, Salt, Iterations);

    /// <summary>The hash an NSEC3 owner name carries in its first label, base32hex-encoded (RFC 5155 §3.3).</summary>
    public static bool TryGetOwnerHash(DomainName owner, out byte[] hash)
    {
        bool ok = Nsec3Hash.TryGetOwnerHash(owner, out byte[]? decoded);
        hash = decoded ?? [];
        return ok;
    }
}
