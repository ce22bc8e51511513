using DnsSecure.Records;

namespace DnsSecure.Dnssec.Denial;

/// <summary>Denial of existence with NSEC records (RFC 4035 §5.4, RFC 4034 §4, clarified by RFC 6840 §4).</summary>
internal static class NsecDenial
{
    /// <summary>True when the NSEC at <paramref name="owner"/> covers <paramref name="name"/>: owner &lt; name &lt; next in
    /// canonical order (RFC 4034 §6.1), the last NSEC of the zone wrapping round to the apex (RFC 4034 §4.1.1).</summary>
    public static bool Covers(DomainName owner, NsecRdata nsec, DomainName name, DomainName zone)
    {
        if (!name.IsSubdomainOf(zone) || owner.CompareTo(name) >= 0)
        {
            return false;
        }

        // RFC 6840 §4.1: an NSEC at a zone cut from the parent side (NS without SOA), or at a DNAME, says nothing about
        // the names below it.
        if (name.IsStrictSubdomainOf(owner) && IsAncestorCut(nsec))
        {
            return false;
        }

        DomainName next = nsec.NextDomainName;
        return next.CompareTo(owner) <= 0 || name.CompareTo(next) < 0;
    }

    public static DenialProof ProveNameError(DomainName queryName, List<(DomainName Owner, NsecRdata Data)> nsecs, DomainName zone)
    {
        // RFC 4035 §5.4: one NSEC proves the name does not exist, one that no wildcard at the closest encloser does.
        if (FindCover(nsecs, queryName, zone) is not { } cover)
        {
            return Bogus(queryName, "no NSEC covers the name");
        }

        // RFC 4592 §2.2.2, RFC 4035 §3.1.3.2: a next name below the query name makes it an empty non-terminal, which exists.
        if (cover.Data.NextDomainName.IsStrictSubdomainOf(queryName))
        {
            return Bogus(queryName, "the covering NSEC's next name is below the name: it is an empty non-terminal");
        }

        DomainName closestEncloser = ClosestEncloser(queryName, cover.Owner, cover.Data, zone);
        DomainName wildcard = closestEncloser.Prepend("*"u8);
        if (FindCover(nsecs, wildcard, zone) is null)
        {
            return Bogus(wildcard, "no NSEC covers the wildcard at the closest encloser");
        }

        return DenialProof.Secure(closestEncloser);
    }

    public static DenialProof ProveNoData(DomainName queryName, RecordType queryType, List<(DomainName Owner, NsecRdata Data)> nsecs, DomainName zone)
    {
        foreach ((DomainName owner, NsecRdata nsec) in nsecs)
        {
            if (owner != queryName)
            {
                continue;
            }

            TypeBitmap types = nsec.Types;
            if (queryType == RecordType.DS)
            {
                // RFC 4035 §5.2 and RFC 6840 §4.1: the DS proof must come from the parent side; the child apex NSEC (SOA
                // set) cannot deny the parent's DS. The root has no parent.
                if (types.Contains(RecordType.DS) || types.Contains(RecordType.CNAME) || (types.Contains(RecordType.SOA) && !owner.IsRoot))
                {
                    return Bogus(queryName, "the matching NSEC does not deny DS", queryType);
                }

                return DenialProof.Secure(isDelegation: types.Contains(RecordType.NS));
            }

            // RFC 4035 §3.1.3.1, RFC 6840 §4.3: neither the type nor a CNAME may exist.
            if (types.Contains(queryType) || types.Contains(RecordType.CNAME))
            {
                return Bogus(queryName, "the matching NSEC lists the type or CNAME", queryType);
            }

            // RFC 6840 §4.1: a parent-side NSEC at a zone cut cannot deny types at the child's apex.
            if (types.Contains(RecordType.NS) && !types.Contains(RecordType.SOA))
            {
                return Bogus(queryName, "the matching NSEC is from the parent side of a delegation", queryType);
            }

            return DenialProof.Secure(queryName);
        }

        if (FindCover(nsecs, queryName, zone) is not { } cover)
        {
            return Bogus(queryName, "no NSEC matches or covers the name", queryType);
        }

        // Empty non-terminal (RFC 4592 §2.2.2): the name does not own records but the next name is below it, so it exists.
        if (cover.Data.NextDomainName.IsStrictSubdomainOf(queryName))
        {
            return DenialProof.Secure(queryName);
        }

        // RFC 4035 §3.1.3.4: wildcard NODATA – the name is covered and the wildcard at the closest encloser lacks the type.
        DomainName closestEncloser = ClosestEncloser(queryName, cover.Owner, cover.Data, zone);
        DomainName wildcard = closestEncloser.Prepend("*"u8);
        foreach ((DomainName owner, NsecRdata nsec) in nsecs)
        {
            if (owner == wildcard)
            {
                return nsec.Types.Contains(queryType) || nsec.Types.Contains(RecordType.CNAME)
                    ? Bogus(wildcard, "the wildcard NSEC lists the type or CNAME", queryType)
                    : DenialProof.Secure(closestEncloser);
            }
        }

        return Bogus(queryName, "the name does not exist, which a NODATA answer cannot claim", queryType);
    }

    public static DenialProof ProveWildcardAnswer(DomainName owner, int rrsigLabels, List<(DomainName Owner, NsecRdata Data)> nsecs, DomainName zone)
    {
        // RFC 4035 §5.3.4: an NSEC must prove that no closer name than the wildcard's parent exists.
        foreach ((DomainName nsecOwner, NsecRdata nsec) in nsecs)
        {
            if (Covers(nsecOwner, nsec, owner, zone) && ClosestEncloser(owner, nsecOwner, nsec, zone).LabelCount <= rrsigLabels)
            {
                return DenialProof.Secure(owner.GetAncestor(rrsigLabels));
            }
        }

        return Bogus(owner, "no NSEC proves the wildcard expansion");
    }

    /// <summary>The closest encloser implied by a covering NSEC: the longest ancestor of the name shared with the NSEC's
    /// owner or next name (RFC 4035 §5.4), never above the zone apex.</summary>
    public static DomainName ClosestEncloser(DomainName name, DomainName owner, NsecRdata nsec, DomainName zone)
    {
        int common = Math.Max(name.CountCommonSuffixLabels(owner), name.CountCommonSuffixLabels(nsec.NextDomainName));
        return name.GetAncestor(Math.Clamp(common, zone.LabelCount, name.LabelCount));
    }

    private static (DomainName Owner, NsecRdata Data)? FindCover(List<(DomainName Owner, NsecRdata Data)> nsecs, DomainName name, DomainName zone)
    {
        foreach ((DomainName owner, NsecRdata nsec) in nsecs)
        {
            if (Covers(owner, nsec, name, zone))
            {
                return (owner, nsec);
            }
        }

        return null;
    }

    private static bool IsAncestorCut(NsecRdata nsec) =>
        (nsec.Types.Contains(RecordType.NS) && !nsec.Types.Contains(RecordType.SOA)) || nsec.Types.Contains(RecordType.DNAME);

    private static DenialProof Bogus(DomainName name, string detail, RecordType type = RecordType.NSEC) =>
        DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.InvalidDenial, name, type, detail));
}
