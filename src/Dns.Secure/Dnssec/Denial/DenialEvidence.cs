using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// The NSEC/NSEC3 RRsets of a response that a denial proof about one name may use, each verified, and what was left out.
/// Only RRsets that match or cover a proof target (<see cref="DenialRelevance"/>) are verified; the others are dropped
/// unverified, and a relevant RRset whose signatures do not verify is set aside. The proof then runs over the verified
/// records only — what an on-path attacker could equally obtain by stripping the bad RRsets — and
/// <see cref="Settle"/> fails closed: a proof that does not hold without a set-aside RRset is Bogus with that RRset's
/// failure (RFC 4035 §5.4: the records a denial rests on must be authenticated).
/// </summary>
internal sealed class DenialEvidence
{
    private readonly DenialRelevance _relevance;
    private readonly DomainName _zone;
    private readonly ValidatorOptions _options;

    private DenialEvidence(DenialRelevance relevance, DomainName zone, ValidatorOptions options)
    {
        _relevance = relevance;
        _zone = zone;
        _options = options;
    }

    /// <summary>The verified NSEC/NSEC3 records (data only), in response order.</summary>
    public List<ResourceRecord> Records { get; } = [];

    /// <summary>The verified RRsets with their RRSIGs (TTL capped as verified): what the aggressive cache may keep.</summary>
    public List<ResourceRecord> Signed { get; } = [];

    /// <summary>The shortest verified TTL (RFC 4035 §5.3.3), <see cref="uint.MaxValue"/> when nothing verified.</summary>
    public uint Ttl { get; private set; } = uint.MaxValue;

    /// <summary>The first relevant RRset that failed to verify, with why; null when every relevant one verified.</summary>
    public (RRSet RRset, ValidationFailure Failure)? Rejected { get; private set; }

    /// <summary>NSEC/NSEC3 RRsets not used: irrelevant to the proof (never verified) or relevant but unverifiable.</summary>
    public int Dropped { get; private set; }

    /// <summary>Selects and verifies the NSEC/NSEC3 RRsets of <paramref name="authority"/> a proof about
    /// <paramref name="name"/> in <paramref name="zone"/> may use; <paramref name="verify"/> checks one RRset's RRSIGs.</summary>
    public static DenialEvidence Collect(MessageSections authority, DomainName name, DomainName zone, ValidatorOptions options, Func<RRSet, IReadOnlyList<RrsigRdata>, RrsetCheck> verify)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(verify);
        var relevance = new DenialRelevance(name, zone, options);
        var evidence = new DenialEvidence(relevance, zone, options);
        foreach (RRSet rrset in authority.RrSets)
        {
            if (rrset.Type is not (RecordType.NSEC or RecordType.NSEC3))
            {
                continue;
            }

            if (!rrset.Data.Any(d => relevance.IsRelevant(rrset.Name, d)))
            {
                evidence.Dropped++;
                continue;
            }

            IReadOnlyList<RrsigRdata> rrsigs = authority.SignaturesFor(rrset.Name, rrset.Type);
            RrsetCheck check = verify(rrset, rrsigs);
            if (check.Status != DnssecStatus.Secure)
            {
                evidence.Dropped++;
                evidence.Rejected ??= (rrset, check.Failure ?? ValidationFailure.Create(ValidationFailureKind.SignatureInvalid, rrset.Name, rrset.Type));
                continue;
            }

            evidence.Records.AddRange(rrset.Records);
            evidence.Ttl = Math.Min(evidence.Ttl, check.Ttl);
            evidence.Signed.AddRange(rrset.Records);
            evidence.Signed.AddRange(rrsigs.Select(sig => new ResourceRecord(rrset.Name, rrset.Class, check.Ttl, sig)));
        }

        return evidence;
    }

    /// <summary>NXDOMAIN proof over the verified records (RFC 4035 §5.4, RFC 5155 §8.4), settled.</summary>
    public DenialProof ProveNameError(DomainName name) =>
        Settle(DenialOfExistence.ProveNameError(name, Records, _zone, _options, _relevance));

    /// <summary>NODATA proof over the verified records (RFC 4035 §3.1.3, RFC 5155 §8.5–§8.7), settled.</summary>
    public DenialProof ProveNoData(DomainName name, RecordType type) =>
        Settle(DenialOfExistence.ProveNoData(name, type, Records, _zone, _options, _relevance));

    /// <summary>Wildcard-expansion proof over the verified records (RFC 4035 §5.3.4, RFC 5155 §8.8), settled.</summary>
    public DenialProof ProveWildcardAnswer(DomainName owner, int rrsigLabels) =>
        Settle(DenialOfExistence.ProveWildcardAnswer(owner, rrsigLabels, Records, _zone, _options, _relevance));

    /// <summary>
    /// The verdict once the proof over <see cref="Records"/> is known: a Secure proof stands (it holds on authenticated
    /// records alone); otherwise, when a relevant RRset was set aside, it may have been needed, so the answer is Bogus with
    /// its verification failure (fail closed); otherwise the proof's own verdict.
    /// </summary>
    public DenialProof Settle(DenialProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return proof.Status == DnssecStatus.Secure || Rejected is not { } rejected ? proof : DenialProof.Bogus(rejected.Failure);
    }
}
