using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// A DNSKEY public key imported into a primitive's key object, ready to check signatures. Immutable once built and
/// safe to use from several threads at once (each check creates its own primitive context).
/// </summary>
internal abstract class VerificationKey
{
    private protected VerificationKey(DnssecAlgorithm algorithm) => Algorithm = algorithm;

    /// <summary>The algorithm this key belongs to.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>True when <paramref name="signature"/> (RRSIG wire form) is a valid signature of <paramref name="signingInput"/>.
    /// Malformed signatures are false, never exceptions.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature);
}
