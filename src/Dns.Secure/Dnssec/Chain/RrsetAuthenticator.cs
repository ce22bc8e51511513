using System.Collections.Immutable;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// The chain's use of <see cref="RrsetVerifier"/> (RFC 4035 §5.3 checks, KeyTrap limits per RRset): it also charges the
/// verifications to the lookup's <see cref="WorkBudget"/>, so a lookup fails closed when its total work runs out.
/// </summary>
internal sealed class RrsetAuthenticator(RrsetVerifier verifier)
{
    /// <summary>The verifier behind the checks.</summary>
    public RrsetVerifier Verifier => verifier;

    public RrsetCheck Check(RRSet rrset, IReadOnlyList<RrsigRdata> rrsigs, DomainName zone, ImmutableArray<DnskeyRdata> keys, WorkBudget budget)
    {
        SignatureCheck check = verifier.Verify(rrset, rrsigs, keys.AsSpan(), zone);
        if (!budget.TrySpendVerifications(check.Verifications))
        {
            return new RrsetCheck(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.WorkLimitExceeded, rrset.Name, rrset.Type,
                "too many signature checks for one lookup"), null, 0);
        }

        return new RrsetCheck(check.Status, check.Failure, check.Rrsig, check.Ttl);
    }

    /// <summary>RFC 4034 §3.1.5: an RRSIG time as the instant closest to <paramref name="now"/>.</summary>
    public static DateTimeOffset SerialTime(uint value, DateTimeOffset now) => SignatureTime.ToDateTimeOffset(value, now);
}
