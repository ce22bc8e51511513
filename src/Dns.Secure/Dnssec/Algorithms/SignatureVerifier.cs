using DnsSecure.Iana;

namespace DnsSecure.Dnssec.Algorithms;

/// <summary>
/// Checks RRSIG signatures against DNSKEY public-key fields, going through a <see cref="VerificationKeyCache"/> and,
/// when given one, a <see cref="VerifiedSignatureCache"/> that answers a check identical to one that already succeeded
/// without the cryptography. Every outcome is a <see cref="SignatureVerdict"/>; no input makes it throw.
/// </summary>
internal sealed class SignatureVerifier
{
    private readonly VerificationKeyCache _cache;
    private readonly VerifiedSignatureCache? _verified;

    /// <summary>
    /// Creates a verifier over <paramref name="cache"/> (default: <see cref="VerificationKeyCache.Shared"/>) remembering
    /// successful checks in <paramref name="verified"/> (default: none, every check runs the primitive).
    /// </summary>
    public SignatureVerifier(VerificationKeyCache? cache = null, VerifiedSignatureCache? verified = null)
    {
        _cache = cache ?? VerificationKeyCache.Shared;
        _verified = verified;
    }

    /// <summary>The validator's verifier: the shared key cache and the shared record of successful checks.</summary>
    public static SignatureVerifier Shared { get; } = new(VerificationKeyCache.Shared, VerifiedSignatureCache.Shared);

    /// <summary>Checks <paramref name="signature"/> over <paramref name="signingInput"/> with the DNSKEY public-key field <paramref name="publicKeyField"/>.</summary>
    public SignatureVerdict Verify(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        SignatureVerdict verdict = VerifyUnrecorded(algorithm, publicKeyField, signingInput, signature, out bool remembered);
        if (verdict == SignatureVerdict.Valid && !remembered)
        {
            _verified?.Add(algorithm, publicKeyField, signingInput, signature);
        }

        return verdict;
    }

    /// <summary>
    /// Checks <paramref name="rrsig"/>'s signature over <paramref name="signingInput"/> with <paramref name="key"/>; a check
    /// that succeeds is remembered referring to the records' own (immutable) key field and signature, not to copies.
    /// </summary>
    public SignatureVerdict Verify(Records.DnskeyRdata key, ReadOnlySpan<byte> signingInput, Records.RrsigRdata rrsig) =>
        Verify(key, signingInput, rrsig, mayRecur: true);

    /// <summary>
    /// <see cref="Verify(Records.DnskeyRdata, ReadOnlySpan{byte}, Records.RrsigRdata)"/>, consulting and feeding the record of
    /// successful checks only when <paramref name="mayRecur"/>: a check that is unlikely to be asked again (a plain answer
    /// RRset, checked once per TTL) would only cost a lookup, a copy and an entry that pushes out ones that do recur.
    /// </summary>
    public SignatureVerdict Verify(Records.DnskeyRdata key, ReadOnlySpan<byte> signingInput, Records.RrsigRdata rrsig, bool mayRecur)
    {
        if (!mayRecur || _verified is null)
        {
            return VerifyWithKey(key.Algorithm, key.PublicKey.Span, signingInput, rrsig.Signature.Span);
        }

        SignatureVerdict verdict = VerifyUnrecorded(key.Algorithm, key.PublicKey.Span, signingInput, rrsig.Signature.Span, out bool remembered);
        if (verdict == SignatureVerdict.Valid && !remembered)
        {
            _verified?.AddImmutable(key.Algorithm, key.PublicKey, signingInput, rrsig.Signature);
        }

        return verdict;
    }

    /// <summary>The check itself; <paramref name="remembered"/> is true when the record of successful checks answered it.</summary>
    private SignatureVerdict VerifyUnrecorded(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature, out bool remembered)
    {
        remembered = false;
        SignatureAlgorithm? implementation = SignatureAlgorithm.Get(algorithm);
        if (implementation is null)
        {
            return SignatureVerdict.UnsupportedAlgorithm;
        }

        if (_verified is not null && _verified.Contains(algorithm, publicKeyField, signingInput, signature))
        {
            remembered = true;
            return SignatureVerdict.Valid;
        }

        return VerifyWithKey(implementation, publicKeyField, signingInput, signature);
    }

    /// <summary>The cryptographic check alone, through the key cache.</summary>
    private SignatureVerdict VerifyWithKey(DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        SignatureAlgorithm.Get(algorithm) is { } implementation ? VerifyWithKey(implementation, publicKeyField, signingInput, signature) : SignatureVerdict.UnsupportedAlgorithm;

    private SignatureVerdict VerifyWithKey(SignatureAlgorithm implementation, ReadOnlySpan<byte> publicKeyField, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        VerificationKey? key = _cache.GetOrImport(implementation, publicKeyField);
        if (key is null)
        {
            return SignatureVerdict.MalformedKey;
        }

        return key.Verify(signingInput, signature) ? SignatureVerdict.Valid : SignatureVerdict.Invalid;
    }
}
