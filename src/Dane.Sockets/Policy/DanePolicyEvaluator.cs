using DaneSockets.Results;

namespace DaneSockets.Policy;

/// <summary>
/// The pure decision function of DANE for a TLS client. Glossary: <b>policy</b> — whether DANE is required or
/// opportunistic; <b>lookup outcome</b> — what DNSSEC established about the TLSA RRset; <b>verification</b> — what the
/// certificate matcher said about the presented chain. Rules, in order:
/// bogus or indeterminate lookups always reject; a secure, usable RRset makes DANE binding (accept only on a match, never
/// rescued by PKIX); with no usable TLSA (all unusable, proven absent, insecure) an opportunistic client uses PKIX and a
/// DANE-required client rejects.
/// </summary>
public static class DanePolicyEvaluator
{
    /// <summary>Decides one connection.</summary>
    /// <param name="policy">Required or opportunistic.</param>
    /// <param name="lookup">What the TLSA lookup established.</param>
    /// <param name="verification">The matcher's result for the presented chain; needed when <paramref name="lookup"/> is
    /// <see cref="TlsaLookupOutcome.SecureUsable"/>, ignored otherwise.</param>
    public static DanePolicyDecision Decide(DanePolicy policy, TlsaLookupOutcome lookup, DaneVerificationResult? verification)
    {
        if (!Enum.IsDefined(policy) || !Enum.IsDefined(lookup))
        {
            return new(DaneDecision.Reject, DaneDecisionReason.UnknownInput, policy, lookup, verification);
        }

        switch (lookup)
        {
            case TlsaLookupOutcome.Bogus:
                // RFC 6698 §4.1: a bogus TLSA answer aborts the connection, whatever the policy.
                return new(DaneDecision.Reject, DaneDecisionReason.LookupBogus, policy, lookup, null);
            case TlsaLookupOutcome.Indeterminate:
                // RFC 7672 §2.1.1: a failed lookup must not downgrade to weaker security.
                return new(DaneDecision.Reject, DaneDecisionReason.LookupIndeterminate, policy, lookup, null);
            case TlsaLookupOutcome.SecureUsable:
                return DecideSecureUsable(policy, verification);
            case TlsaLookupOutcome.SecureAllUnusable:
                // RFC 7671 §4.1: no usable record is treated as no record.
                return WithoutDane(policy, lookup, DaneDecisionReason.NoUsableRecords, null);
            case TlsaLookupOutcome.SecureAbsent:
                return WithoutDane(policy, lookup, DaneDecisionReason.TlsaAbsent, null);
            default:
                // RFC 6698 §4.1: an insecure answer is treated as if there were no TLSA records.
                return WithoutDane(policy, lookup, DaneDecisionReason.LookupInsecure, null);
        }
    }

    /// <summary>Decides one connection from a lookup result.</summary>
    /// <param name="policy">Required or opportunistic.</param>
    /// <param name="lookup">The TLSA lookup result.</param>
    /// <param name="verification">The matcher's result for the presented chain (see the other overload).</param>
    public static DanePolicyDecision Decide(DanePolicy policy, TlsaLookupResult lookup, DaneVerificationResult? verification)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Decide(policy, lookup.Outcome, verification);
    }

    private static DanePolicyDecision DecideSecureUsable(DanePolicy policy, DaneVerificationResult? verification)
    {
        const TlsaLookupOutcome lookup = TlsaLookupOutcome.SecureUsable;
        return verification?.Outcome switch
        {
            DaneOutcome.Verified => new(DaneDecision.AcceptDane, DaneDecisionReason.DaneVerified, policy, lookup, verification),

            // The matcher's profile found nothing usable (e.g. only PKIX usages under SMTP): same as all unusable.
            DaneOutcome.NotApplicable => WithoutDane(policy, lookup, DaneDecisionReason.NoUsableRecords, verification),

            // RFC 7672 §2.2 and RFC 7671 §4: with usable TLSA records, DANE failure is final; PKIX is no rescue.
            DaneOutcome.Failed => new(DaneDecision.Reject, DaneDecisionReason.DaneFailed, policy, lookup, verification),
            _ => new(DaneDecision.Reject, DaneDecisionReason.MatchNotPerformed, policy, lookup, verification),
        };
    }

    private static DanePolicyDecision WithoutDane(
        DanePolicy policy, TlsaLookupOutcome lookup, DaneDecisionReason reason, DaneVerificationResult? verification) =>
        policy == DanePolicy.Opportunistic
            ? new(DaneDecision.AcceptPkix, reason, policy, lookup, verification)
            : new(DaneDecision.Reject, reason, policy, lookup, verification);
}
