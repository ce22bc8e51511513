using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Signatures;

/// <summary>
/// Checks the RRSIGs of one RRset against the DNSKEY set of the zone that signed it (RFC 4035 §5.3): signer name,
/// labels, type, validity window, key tag and algorithm, zone-key flag and protocol, then the signature itself.
/// The work is bounded by <see cref="ValidatorOptions"/>: RRSIGs examined, keys tried per key tag (KeyTrap,
/// CVE-2023-50387) and verifications in all.
/// </summary>
public sealed class RrsetVerifier
{
    private const byte DnskeyProtocol = 3;

    private readonly ValidatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SignatureVerifier _verifier;

    /// <summary>Creates a verifier with the given limits and clock (defaults: <see cref="ValidatorOptions.Default"/>, the system clock).</summary>
    public RrsetVerifier(ValidatorOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, SignatureVerifier.Shared)
    {
    }

    internal RrsetVerifier(ValidatorOptions? options, TimeProvider? timeProvider, SignatureVerifier verifier)
    {
        _options = (options ?? ValidatorOptions.Default).Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _verifier = verifier;
    }

    /// <summary>Checks <paramref name="signatures"/> over <paramref name="rrset"/> with the keys of <paramref name="zone"/>.</summary>
    /// <param name="rrset">The RRset.</param>
    /// <param name="signatures">RRSIG data found with it (those covering other types are skipped).</param>
    /// <param name="keys">The zone's DNSKEY set (already validated, or the set being validated against itself).</param>
    /// <param name="zone">The zone apex the keys belong to; the RRSIG's signer name must be this name.</param>
    public SignatureCheck Verify(RRSet rrset, IEnumerable<RrsigRdata> signatures, IEnumerable<DnskeyRdata> keys, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(keys);
        DnskeyRdata[] keyArray = [.. keys];
        return Verify(rrset, signatures as IReadOnlyList<RrsigRdata> ?? [.. signatures], keyArray.AsSpan(), zone);
    }

    /// <summary>
    /// <see cref="Verify(RRSet, IEnumerable{RrsigRdata}, IEnumerable{DnskeyRdata}, DomainName)"/> for the chain: the
    /// signatures read by index and the keys as a span (no copy of the key set, no boxed enumerator per RRset).
    /// </summary>
    internal SignatureCheck Verify(RRSet rrset, IReadOnlyList<RrsigRdata> signatures, ReadOnlySpan<DnskeyRdata> keys, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(rrset);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(zone);

        DateTimeOffset now = _timeProvider.GetUtcNow();
        int tried = 0, verifications = 0;
        Stage best = Stage.None;
        ValidationFailure? bestFailure = null;
        bool limited = false;

        for (int s = 0; s < signatures.Count; s++)
        {
            RrsigRdata rrsig = signatures[s];
            if (rrsig.TypeCovered != rrset.Type)
            {
                continue;
            }

            if (tried == _options.MaxSignaturesPerRrset)
            {
                limited = true;
                break;
            }

            tried++;
            (Stage stage, ValidationFailure? failure, DnskeyRdata? key) = Check(rrset, rrsig, keys, zone, now, ref verifications, ref limited);
            if (stage == Stage.Verified)
            {
                return new SignatureCheck
                {
                    Status = DnssecStatus.Secure,
                    Rrsig = rrsig,
                    Key = key,
                    Ttl = EffectiveTtl(rrset, rrsig, now),
                    SignaturesTried = tried,
                    Verifications = verifications,
                };
            }

            if (stage >= best)
            {
                best = stage;
                bestFailure = failure;
            }

            if (limited)
            {
                break;
            }
        }

        ValidationFailure result = tried == 0
            ? Fail(ValidationFailureKind.MissingSignature, rrset, null)
            : limited
                ? Fail(ValidationFailureKind.WorkLimitExceeded, rrset, $"after {tried} RRSIG(s) and {verifications} verification(s)")
                : bestFailure!;
        return new SignatureCheck { Status = DnssecStatus.Bogus, Failure = result, SignaturesTried = tried, Verifications = verifications };
    }

    /// <summary>The RRSIG data among <paramref name="records"/> with owner <paramref name="owner"/> covering <paramref name="type"/>.</summary>
    public static IEnumerable<RrsigRdata> SelectSignatures(IEnumerable<ResourceRecord> records, DomainName owner, RecordType type)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(owner);
        foreach (ResourceRecord rr in records)
        {
            if (rr.Data is RrsigRdata sig && sig.TypeCovered == type && rr.Name == owner)
            {
                yield return sig;
            }
        }
    }

    private (Stage Stage, ValidationFailure? Failure, DnskeyRdata? Key) Check(
        RRSet rrset, RrsigRdata rrsig, ReadOnlySpan<DnskeyRdata> keys, DomainName zone, DateTimeOffset now, ref int verifications, ref bool limited)
    {
        // RFC 4035 §5.3.1: the signer is the zone holding the keys, and the owner is in that zone.
        if (rrsig.SignerName != zone || !rrset.Name.IsSubdomainOf(zone))
        {
            return (Stage.Fields, Fail(ValidationFailureKind.SignatureMalformed, rrset, "signer name " + rrsig.SignerName), null);
        }

        // RFC 4035 §5.3.1, RFC 4034 §3.1.3: Labels counts neither the root nor a leading "*".
        int ownerLabels = rrset.Name.IsWildcard ? rrset.Name.LabelCount - 1 : rrset.Name.LabelCount;
        if (rrsig.Labels > ownerLabels)
        {
            return (Stage.Fields, Fail(ValidationFailureKind.SignatureMalformed, rrset, "labels " + rrsig.Labels), null);
        }

        // RFC 4035 §5.3.1: inception ≤ now ≤ expiration, in serial-number arithmetic (RFC 4034 §3.1.5), with skew.
        DateTimeOffset inception = SignatureTime.ToDateTimeOffset(rrsig.SignatureInception, now);
        DateTimeOffset expiration = SignatureTime.ToDateTimeOffset(rrsig.SignatureExpiration, now);
        if (expiration < inception)
        {
            return (Stage.Time, new ValidationFailure(ValidationFailureKind.SignatureExpired, rrset.Name, rrset.Type,
                Iana.ExtendedDnsErrorCode.SignatureExpiredBeforeValid, "expiration before inception"), null);
        }

        if (now > expiration + _options.SignatureClockSkew)
        {
            return (Stage.Time, Fail(ValidationFailureKind.SignatureExpired, rrset, "key " + rrsig.KeyTag), null);
        }

        if (now < inception - _options.SignatureClockSkew)
        {
            return (Stage.Time, Fail(ValidationFailureKind.SignatureNotYetValid, rrset, "key " + rrsig.KeyTag), null);
        }

        if (!SignatureAlgorithm.IsSupported(rrsig.Algorithm))
        {
            return (Stage.Key, Fail(ValidationFailureKind.UnsupportedAlgorithm, rrset, "algorithm " + (byte)rrsig.Algorithm), null);
        }

        if (!rrset.TryGetSigningInput(rrsig, out byte[]? signingInput))
        {
            return (Stage.Fields, Fail(ValidationFailureKind.SignatureMalformed, rrset, "type or labels"), null);
        }

        int candidates = 0;
        bool sawTagMatch = false;
        ValidationFailure? failure = null;
        foreach (DnskeyRdata key in keys)
        {
            if (key.KeyTag != rrsig.KeyTag || key.Algorithm != rrsig.Algorithm)
            {
                continue;
            }

            sawTagMatch = true;

            // RFC 4035 §5.3.1: the key must be a zone key (flags bit 7) of protocol 3 (RFC 4034 §2.1.2).
            if (!key.IsZoneKey || key.Protocol != DnskeyProtocol)
            {
                failure ??= Fail(ValidationFailureKind.NoZoneKey, rrset, "key " + key.KeyTag);
                continue;
            }

            // CVE-2023-50387: only a few keys sharing a tag are worth trying; more is an attack.
            if (candidates == _options.MaxKeyTagCollisions || verifications == _options.MaxVerificationsPerRrset)
            {
                limited = true;
                return (Stage.Crypto, Fail(ValidationFailureKind.WorkLimitExceeded, rrset, "key tag " + rrsig.KeyTag), null);
            }

            candidates++;
            verifications++;
            SignatureVerdict verdict = _verifier.Verify(key, signingInput, rrsig, MayRecur(rrset.Type, expandedFromWildcard: rrsig.Labels < ownerLabels));
            if (verdict == SignatureVerdict.Valid)
            {
                return (Stage.Verified, null, key);
            }

            failure = Fail(ValidationFailureKind.SignatureInvalid, rrset, $"key {key.KeyTag}: {verdict}");
        }

        return candidates > 0
            ? (Stage.Crypto, failure, null)
            : (Stage.Key, failure ?? Fail(ValidationFailureKind.NoMatchingKey, rrset, (sawTagMatch ? "no zone key " : "no key ") + rrsig.KeyTag), null);
    }

    /// <summary>
    /// Whether exactly this check (key, signing input, signature) is likely to be asked again, so that remembering its success
    /// pays: an RRset expanded from a wildcard (every expansion has the same signing input, RFC 4035 §5.3.2), denial and
    /// zone-apex RRsets that many responses carry (NSEC, NSEC3, SOA), keys and delegations (DNSKEY, DS) and aliases
    /// (CNAME, DNAME: asked for under several types or names). A plain answer RRset at its own name is checked once per
    /// TTL, when the validated answer it belongs to is cached; remembering it would only push out the checks that recur.
    /// </summary>
    private static bool MayRecur(RecordType type, bool expandedFromWildcard) =>
        expandedFromWildcard
        || type is RecordType.NSEC or RecordType.NSEC3 or RecordType.SOA or RecordType.DNSKEY or RecordType.DS or RecordType.CNAME or RecordType.DNAME;

    private static uint EffectiveTtl(RRSet rrset, RrsigRdata rrsig, DateTimeOffset now)
    {
        // RFC 4035 §5.3.3: never longer than the original TTL or the time left before the signature expires.
        long untilExpiry = (long)(SignatureTime.ToDateTimeOffset(rrsig.SignatureExpiration, now) - now).TotalSeconds;
        return (uint)Math.Clamp(Math.Min(Math.Min(rrset.Ttl, rrsig.OriginalTtl), untilExpiry), 0, uint.MaxValue);
    }

    private static ValidationFailure Fail(ValidationFailureKind kind, RRSet rrset, string? detail) =>
        ValidationFailure.Create(kind, rrset.Name, rrset.Type, detail);

    /// <summary>How far one RRSIG got through the checks; the failure of the one that got furthest is reported.</summary>
    private enum Stage
    {
        None,
        Fields,
        Time,
        Key,
        Crypto,
        Verified,
    }
}
