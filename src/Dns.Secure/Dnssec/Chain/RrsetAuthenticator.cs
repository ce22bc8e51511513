using System.Collections.Immutable;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// Checks an RRset against its RRSIGs with a zone's DNSKEY RRset (RFC 4035 §5.3): signer is the zone, owner under the
/// signer, type covered, labels, validity window with skew (serial-number time, RFC 4034 §3.1.5), key tag and algorithm of a
/// zone key with protocol 3, and the signature over the canonical signing input. Work is bounded (KeyTrap, CVE-2023-50387):
/// at most <see cref="ValidatorOptions.MaxSignaturesPerRrset"/> RRSIGs, <see cref="ValidatorOptions.MaxKeyTagCollisions"/>
/// keys per RRSIG and <see cref="ValidatorOptions.MaxVerificationsPerRrset"/> verifications.
/// </summary>
internal sealed class RrsetAuthenticator
{
    private readonly SignatureVerifier _verifier;
    private readonly ValidatorOptions _options;

    public RrsetAuthenticator(SignatureVerifier verifier, ValidatorOptions options)
    {
        _verifier = verifier;
        _options = options;
    }

    public RrsetCheck Check(RRSet rrset, IReadOnlyList<RrsigRdata> rrsigs, DomainName zone, ImmutableArray<DnskeyRdata> keys, DateTimeOffset now, WorkBudget budget)
    {
        if (rrsigs.Count == 0)
        {
            return Fail(ValidationFailureKind.MissingSignature, rrset, null);
        }

        ValidationFailureKind worst = ValidationFailureKind.SignatureInvalid;
        string? detail = null;
        int considered = 0;
        int verifications = 0;
        foreach (RrsigRdata rrsig in rrsigs)
        {
            if (rrsig.TypeCovered != rrset.Type)
            {
                continue;
            }

            if (++considered > _options.MaxSignaturesPerRrset)
            {
                return Fail(ValidationFailureKind.WorkLimitExceeded, rrset, $"more than {_options.MaxSignaturesPerRrset} RRSIGs");
            }

            // RFC 4035 §5.3.1: the signer is the zone that holds the RRset, and the owner lies in it.
            if (rrsig.SignerName != zone || !rrset.Name.IsSubdomainOf(zone))
            {
                Note(ref worst, ref detail, ValidationFailureKind.SignatureMalformed, $"signer {rrsig.SignerName} is not the zone {zone}");
                continue;
            }

            int ownerLabels = rrset.Name.IsWildcard ? rrset.Name.LabelCount - 1 : rrset.Name.LabelCount;
            if (rrsig.Labels > ownerLabels)
            {
                Note(ref worst, ref detail, ValidationFailureKind.SignatureMalformed, $"labels {rrsig.Labels} exceed the owner's {ownerLabels}");
                continue;
            }

            DateTimeOffset inception = SerialTime(rrsig.SignatureInception, now);
            DateTimeOffset expiration = SerialTime(rrsig.SignatureExpiration, now);
            if (now > expiration + _options.SignatureClockSkew)
            {
                Note(ref worst, ref detail, ValidationFailureKind.SignatureExpired, $"expired {expiration:u}");
                continue;
            }

            if (now < inception - _options.SignatureClockSkew)
            {
                Note(ref worst, ref detail, ValidationFailureKind.SignatureNotYetValid, $"valid from {inception:u}");
                continue;
            }

            if (!SignatureAlgorithm.IsSupported(rrsig.Algorithm))
            {
                Note(ref worst, ref detail, ValidationFailureKind.UnsupportedAlgorithm, $"algorithm {(byte)rrsig.Algorithm}");
                continue;
            }

            if (!rrset.TryGetSigningInput(rrsig, out byte[]? signingInput))
            {
                Note(ref worst, ref detail, ValidationFailureKind.SignatureMalformed, "no signing input");
                continue;
            }

            int collisions = 0;
            bool anyKey = false;
            foreach (DnskeyRdata key in keys)
            {
                // RFC 4035 §5.3.1: zone key flag, protocol 3, same algorithm and key tag.
                if (key.Algorithm != rrsig.Algorithm || key.KeyTag != rrsig.KeyTag || key.Protocol != 3 || (key.Flags & 0x0100) == 0)
                {
                    continue;
                }

                anyKey = true;
                if (++collisions > _options.MaxKeyTagCollisions || ++verifications > _options.MaxVerificationsPerRrset || !budget.TrySpendVerification())
                {
                    return Fail(ValidationFailureKind.WorkLimitExceeded, rrset, "too many keys with the same tag or too many signature checks");
                }

                if (_verifier.Verify(rrsig.Algorithm, key.PublicKey.Span, signingInput, rrsig.Signature.Span) == SignatureVerdict.Valid)
                {
                    long left = (long)(expiration - now).TotalSeconds;
                    uint ttl = (uint)Math.Max(0, Math.Min(Math.Min(rrset.Ttl, rrsig.OriginalTtl), left));
                    return new RrsetCheck(DnssecStatus.Secure, null, rrsig, ttl);
                }
            }

            Note(ref worst, ref detail, anyKey ? ValidationFailureKind.SignatureInvalid : ValidationFailureKind.NoMatchingKey,
                anyKey ? $"signature by key {rrsig.KeyTag} does not verify" : $"no zone key with tag {rrsig.KeyTag} and algorithm {(byte)rrsig.Algorithm}");
        }

        return considered == 0 ? Fail(ValidationFailureKind.MissingSignature, rrset, null) : Fail(worst, rrset, detail);
    }

    /// <summary>RFC 4034 §3.1.5: the 32-bit time closest to <paramref name="now"/> (serial-number arithmetic, RFC 1982).</summary>
    internal static DateTimeOffset SerialTime(uint value, DateTimeOffset now)
    {
        uint current = unchecked((uint)now.ToUnixTimeSeconds());
        int delta = unchecked((int)(value - current));
        return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + delta);
    }

    private static void Note(ref ValidationFailureKind worst, ref string? detail, ValidationFailureKind kind, string text)
    {
        // Keep the most telling reason: a bad signature beats a missing key beats a window problem.
        if (detail is null || Rank(kind) > Rank(worst))
        {
            worst = kind;
            detail = text;
        }
    }

    private static int Rank(ValidationFailureKind kind) => kind switch
    {
        ValidationFailureKind.SignatureInvalid => 5,
        ValidationFailureKind.SignatureExpired => 4,
        ValidationFailureKind.SignatureNotYetValid => 4,
        ValidationFailureKind.NoMatchingKey => 3,
        ValidationFailureKind.UnsupportedAlgorithm => 2,
        _ => 1,
    };

    private static RrsetCheck Fail(ValidationFailureKind kind, RRSet rrset, string? detail) =>
        new(DnssecStatus.Bogus, ValidationFailure.Create(kind, rrset.Name, rrset.Type, detail), null, 0);
}
