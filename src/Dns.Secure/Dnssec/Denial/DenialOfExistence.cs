using DnsSecure.Records;

namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// Authenticated denial of existence: checks that NSEC (RFC 4035 §5.4) or NSEC3 (RFC 5155 §8) records prove that a
/// name or a type does not exist. The records handed in must already have been validated (their RRSIGs checked); this
/// class only reasons about what they prove.
/// <para>Glossary (RFC 5155 §1.3, RFC 7129):</para>
/// <list type="bullet">
/// <item><term>matching</term><description>an NSEC record matches a name when its owner is that name; an NSEC3 record
/// matches when its owner's hash label is the hash of that name. A matching record proves the name exists and lists in
/// its type bitmap every type that does.</description></item>
/// <item><term>covering</term><description>a record covers a name when the name sorts strictly between the record's
/// owner and its next name (NSEC: canonical order, RFC 4034 §6.1; NSEC3: hash order, the last record wrapping to the
/// first). A covering record proves the name does not exist.</description></item>
/// <item><term>closest encloser</term><description>the longest existing ancestor of the query name (RFC 5155 §1.3,
/// RFC 4592 §3.3.1); a wildcard that could have matched the query name is <c>*.</c> + closest encloser.</description></item>
/// <item><term>next closer name</term><description>the closest encloser with one more label of the query name
/// prepended; the query name itself when the closest encloser is its parent. It must be covered to prove that the
/// closest encloser really is the closest.</description></item>
/// <item><term>closest encloser proof</term><description>a matching NSEC3 for the closest encloser plus a covering
/// NSEC3 for the next closer name (RFC 5155 §8.3).</description></item>
/// <item><term>opt-out</term><description>an NSEC3 flag saying unsigned delegations in the covered span may be missing
/// from the chain (RFC 5155 §6): a covering opt-out record proves at most an insecure delegation.</description></item>
/// </list>
/// </summary>
public static class DenialOfExistence
{
    /// <summary>Proves that <paramref name="queryName"/> does not exist and no wildcard could have produced it (NXDOMAIN;
    /// RFC 4035 §5.4, RFC 5155 §8.4).</summary>
    /// <param name="queryName">The name asked for.</param>
    /// <param name="records">Validated NSEC or NSEC3 records from the response's authority section.</param>
    /// <param name="zone">The zone that signed them (the RRSIGs' signer name).</param>
    /// <param name="options">Work limits; <see cref="ValidatorOptions.Default"/> when null.</param>
    public static DenialProof ProveNameError(DomainName queryName, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options = null) =>
        ProveNameError(queryName, records, zone, options, null);

    internal static DenialProof ProveNameError(DomainName queryName, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options, DenialRelevance? relevance)
    {
        Check(queryName, records, zone);
        return Dispatch(records, zone, RecordType.None, queryName,
            nsec => NsecDenial.ProveNameError(queryName, nsec, zone),
            nsec3 => nsec3.ProveNameError(queryName), options, relevance);
    }

    /// <summary>Proves that <paramref name="queryName"/> has no <paramref name="queryType"/> records (NODATA), directly,
    /// as an empty non-terminal or through a wildcard (RFC 4035 §3.1.3, RFC 5155 §8.5–§8.7). For DS the proof also says
    /// whether the name is a delegation (<see cref="DenialProof.IsDelegation"/>), i.e. an insecure one.</summary>
    public static DenialProof ProveNoData(DomainName queryName, RecordType queryType, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options = null) =>
        ProveNoData(queryName, queryType, records, zone, options, null);

    internal static DenialProof ProveNoData(DomainName queryName, RecordType queryType, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options, DenialRelevance? relevance)
    {
        Check(queryName, records, zone);
        return Dispatch(records, zone, queryType, queryName,
            nsec => NsecDenial.ProveNoData(queryName, queryType, nsec, zone),
            nsec3 => nsec3.ProveNoData(queryName, queryType), options, relevance);
    }

    /// <summary>Proves that a wildcard expansion was legitimate: no closer match for <paramref name="owner"/> exists
    /// (RFC 4035 §5.3.4, RFC 5155 §8.8). <paramref name="rrsigLabels"/> is the Labels field of the answer's RRSIG.</summary>
    public static DenialProof ProveWildcardAnswer(DomainName owner, int rrsigLabels, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options = null) =>
        ProveWildcardAnswer(owner, rrsigLabels, records, zone, options, null);

    internal static DenialProof ProveWildcardAnswer(DomainName owner, int rrsigLabels, IReadOnlyList<ResourceRecord> records, DomainName zone, ValidatorOptions? options, DenialRelevance? relevance)
    {
        Check(owner, records, zone);
        if (rrsigLabels >= owner.LabelCount || rrsigLabels < zone.LabelCount)
        {
            return DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.SignatureMalformed, owner, RecordType.RRSIG, "labels"));
        }

        return Dispatch(records, zone, RecordType.None, owner,
            nsec => NsecDenial.ProveWildcardAnswer(owner, rrsigLabels, nsec, zone),
            nsec3 => nsec3.ProveWildcardAnswer(owner, rrsigLabels), options, relevance);
    }

    private static DenialProof Dispatch(
        IReadOnlyList<ResourceRecord> records,
        DomainName zone,
        RecordType queryType,
        DomainName name,
        Func<List<(DomainName Owner, NsecRdata Data)>, DenialProof> nsecProof,
        Func<Nsec3Denial, DenialProof> nsec3Proof,
        ValidatorOptions? options,
        DenialRelevance? relevance)
    {
        var nsec = new List<(DomainName, NsecRdata)>();
        var nsec3 = new List<(DomainName, Nsec3Rdata)>();
        foreach (ResourceRecord rr in records)
        {
            // Only records of the signing zone take part (RFC 4035 §5.4: NSEC owners lie inside the zone).
            if (!rr.Name.IsSubdomainOf(zone))
            {
                continue;
            }

            switch (rr.Data)
            {
                case NsecRdata n:
                    nsec.Add((rr.Name, n));
                    break;
                case Nsec3Rdata n3 when rr.Name.LabelCount == zone.LabelCount + 1:
                    nsec3.Add((rr.Name, n3));
                    break;
            }
        }

        if (nsec.Count > 0)
        {
            return nsecProof(nsec);
        }

        if (nsec3.Count > 0)
        {
            return nsec3Proof(new Nsec3Denial(nsec3, zone, options ?? ValidatorOptions.Default, relevance));
        }

        return DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.MissingDenial, name, queryType == RecordType.None ? RecordType.NSEC : queryType));
    }

    private static void Check(DomainName name, IReadOnlyList<ResourceRecord> records, DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(zone);
    }
}
