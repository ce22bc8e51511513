using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// Checks RRSIG signatures against DNSKEY public-key fields, going through a <see cref="VerificationKeyCache"/>.
/// Every outcome is a <see cref="SignatureVerdict"/>; no input makes it throw.
/// </summary>
internal sealed class SignatureVerifier
{
    private readonly VerificationKeyCache _cache;

    /// <summary>Creates a verifier over <paramref name="cache"/> (default: <see cref="VerificationKeyCache.Shared"/>).</summary>
    public SignatureVerifier(VerificationKeyCache? cache = null) => _cache = cache ?? VerificationKeyCache.Shared;

    /// <summary>A verifier over the shared key cache.</summary>
    public static SignatureVerifier Shared { get; } = new();

    /// <summary>Checks <paramref name="signature"/> over <paramref name="signingInput"/> with the DNSKEY public-key field <paramref name="publicKeyField"/>.</summary>
    public SignatureVerdict Verify(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        SignatureAlgorithm? implementation = SignatureAlgorithm.Get(algorithm);
        if (implementation is null)
        {
            return SignatureVerdict.UnsupportedAlgorithm;
        }

        VerificationKey? key = _cache.GetOrImport(implementation, publicKeyField);
        if (key is null)
        {
            return SignatureVerdict.MalformedKey;
        }

        return key.Verify(signingInput, signature) ? SignatureVerdict.Valid : SignatureVerdict.Invalid;
    }
}
