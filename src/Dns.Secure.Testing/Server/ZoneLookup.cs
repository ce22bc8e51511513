using DnsSecure.Wire;

namespace DnsSecure.Testing.Server;

/// <summary>
/// The authoritative lookup of one question in one zone (RFC 1034 §4.3.2) with the DNSSEC additions of RFC 4035 §3.1
/// and RFC 5155 §7.2: answers, CNAME chains, DNAME synthesis (RFC 6672), wildcards (RFC 4592), referrals, and negative
/// answers with their NSEC or NSEC3 proofs.
/// </summary>
internal sealed class ZoneLookup
{
    private readonly AuthoritativeZone _zone;
    private readonly bool _dnssec;
    private readonly HashSet<ResourceRecord> _added = [];

    private ZoneLookup(AuthoritativeZone zone, bool dnssec)
    {
        _zone = zone;
        _dnssec = dnssec;
    }

    /// <summary>The answer section.</summary>
    public List<ResourceRecord> Answers { get; } = [];

    /// <summary>The authority section.</summary>
    public List<ResourceRecord> Authorities { get; } = [];

    /// <summary>The additional section.</summary>
    public List<ResourceRecord> Additionals { get; } = [];

    /// <summary>The RCODE.</summary>
    public ResponseCode ResponseCode { get; private set; }

    /// <summary>The AA bit.</summary>
    public bool Authoritative { get; private set; } = true;

    /// <summary>Looks up <paramref name="qname"/>/<paramref name="qtype"/>; RRSIG, NSEC and NSEC3 only when <paramref name="dnssecOk"/> (RFC 4035 §3.1).</summary>
    public static ZoneLookup Run(AuthoritativeZone zone, DomainName qname, RecordType qtype, bool dnssecOk)
    {
        var lookup = new ZoneLookup(zone, dnssecOk);
        lookup.Resolve(qname, qtype);
        return lookup;
    }

    private void Resolve(DomainName qname, RecordType qtype)
    {
        var visited = new HashSet<DomainName>();
        DomainName name = qname;
        while (visited.Add(name) && visited.Count <= ServerLimits.MaxChainLength && name.IsSubdomainOf(_zone.Origin))
        {
            ZoneNode? stop = FindCutOrDname(name, qtype, out bool isCut);
            if (stop is not null && isCut)
            {
                Referral(stop);
                return;
            }

            if (stop is not null)
            {
                DomainName? next = SynthesizeFromDname(stop, name);
                if (next is null)
                {
                    return;
                }

                name = next;
                continue;
            }

            ZoneNode? node = _zone.Find(name);
            if (node is not null)
            {
                DomainName? target = AnswerFromNode(node, name, qtype, synthesizedFrom: null);
                if (target is null)
                {
                    return;
                }

                name = target;
                continue;
            }

            DomainName? wildcardTarget = AnswerFromWildcardOrDeny(name, qtype);
            if (wildcardTarget is null)
            {
                return;
            }

            name = wildcardTarget;
        }
    }

    /// <summary>
    /// Walks down from the apex towards <paramref name="name"/>: the first delegation point (NS below the apex) or the
    /// first DNAME strictly above the name stops the walk. A DS query for the cut itself is answered here, on the parent
    /// side (RFC 4035 §3.1.4.1).
    /// </summary>
    private ZoneNode? FindCutOrDname(DomainName name, RecordType qtype, out bool isCut)
    {
        isCut = false;
        for (int labels = _zone.Origin.LabelCount; labels <= name.LabelCount; labels++)
        {
            DomainName ancestor = name.GetAncestor(labels);
            ZoneNode? node = _zone.Find(ancestor);
            if (node is null)
            {
                return null;
            }

            if (labels > _zone.Origin.LabelCount && node.Has(RecordType.NS) && !(labels == name.LabelCount && qtype == RecordType.DS))
            {
                isCut = true;
                return node;
            }

            // RFC 6672 §2.3: a DNAME redirects the names below its owner, not the owner itself.
            if (labels < name.LabelCount && node.Has(RecordType.DNAME))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>Answers from an existing node; returns the CNAME target to follow, or null when the answer is complete.</summary>
    private DomainName? AnswerFromNode(ZoneNode node, DomainName owner, RecordType qtype, DomainName? synthesizedFrom)
    {
        if (qtype == RecordType.ANY && !node.IsEmptyNonTerminal)
        {
            foreach (RecordType type in node.RRsets.Keys)
            {
                AddRRset(Answers, node, type, owner);
            }

            return null;
        }

        if (node.Has(qtype))
        {
            AddRRset(Answers, node, qtype, owner);
            if (qtype == RecordType.NS)
            {
                AddGlue(node.Get(RecordType.NS));
            }

            return null;
        }

        // RFC 1034 §4.3.2 step 3.a: a CNAME is followed unless it is what was asked for.
        if (qtype != RecordType.CNAME && node.Has(RecordType.CNAME))
        {
            AddRRset(Answers, node, RecordType.CNAME, owner);
            return RdataFields.TargetName(node.Get(RecordType.CNAME)[0].Data);
        }

        // NODATA (RFC 2308 §2.2).
        AddNegativeSoa();
        if (_dnssec)
        {
            if (synthesizedFrom is not null)
            {
                ProveWildcardNoData(owner, synthesizedFrom, node);
            }
            else
            {
                ProveNoData(owner, node);
            }
        }

        return null;
    }

    /// <summary>The name does not exist: wildcard expansion (RFC 4592 §3.3.1) or NXDOMAIN (RFC 2308 §2.1).</summary>
    private DomainName? AnswerFromWildcardOrDeny(DomainName name, RecordType qtype)
    {
        DomainName closestEncloser = ClosestEncloser(name);
        DomainName source = closestEncloser.Prepend("*");
        ZoneNode? wildcard = _zone.Find(source);
        if (wildcard is not null)
        {
            bool positive = qtype == RecordType.ANY ? !wildcard.IsEmptyNonTerminal : wildcard.Has(qtype) || (qtype != RecordType.CNAME && wildcard.Has(RecordType.CNAME));
            if (positive && _dnssec)
            {
                // RFC 4035 §3.1.3.3, RFC 5155 §7.2.6: prove that the name itself does not exist.
                ProveWildcardExpansion(name, closestEncloser);
            }

            return AnswerFromNode(wildcard, name, qtype, synthesizedFrom: closestEncloser);
        }

        ResponseCode = ResponseCode.NXDomain;
        AddNegativeSoa();
        if (_dnssec)
        {
            ProveNameError(name, closestEncloser);
        }

        return null;
    }

    private DomainName ClosestEncloser(DomainName name)
    {
        DomainName ancestor = name.Parent();
        while (ancestor.LabelCount > _zone.Origin.LabelCount && _zone.Find(ancestor) is null)
        {
            ancestor = ancestor.Parent();
        }

        return ancestor;
    }

    /// <summary>RFC 6672 §3.3: the DNAME, then a CNAME synthesized from it (unsigned, TTL of the DNAME); null on YXDOMAIN.</summary>
    private DomainName? SynthesizeFromDname(ZoneNode dnameNode, DomainName name)
    {
        ResourceRecord dname = dnameNode.Get(RecordType.DNAME)[0];
        AddRRset(Answers, dnameNode, RecordType.DNAME, dnameNode.Name);
        DomainName target = RdataFields.TargetName(dname.Data);
        DomainName synthesized = target;
        try
        {
            for (int i = name.LabelCount - dnameNode.Name.LabelCount - 1; i >= 0; i--)
            {
                synthesized = synthesized.Prepend(name.GetLabel(i));
            }
        }
        catch (DnsFormatException)
        {
            // RFC 6672 §2.2: the substituted name is too long.
            ResponseCode = ResponseCode.YXDomain;
            return null;
        }

        Add(Answers, new ResourceRecord(name, dname.Class, dname.Ttl, RdataFields.NameRdata(RecordType.CNAME, synthesized)));
        return synthesized;
    }

    /// <summary>A referral (RFC 1034 §4.3.2 step 3.b) with the DS RRset or the proof that there is none (RFC 4035 §3.1.4).</summary>
    private void Referral(ZoneNode cut)
    {
        Authoritative = Answers.Count > 0;
        foreach (ResourceRecord ns in cut.Get(RecordType.NS))
        {
            Add(Authorities, ns);
        }

        if (_dnssec)
        {
            if (cut.Has(RecordType.DS))
            {
                AddRRset(Authorities, cut, RecordType.DS, cut.Name);
            }
            else
            {
                ProveNoData(cut.Name, cut);
            }
        }

        AddGlue(cut.Get(RecordType.NS));
    }

    /// <summary>Addresses of name servers inside this zone (glue below a cut, or authoritative data) in the additional section.</summary>
    private void AddGlue(IReadOnlyList<ResourceRecord> nsRecords)
    {
        foreach (ResourceRecord ns in nsRecords)
        {
            DomainName host = RdataFields.TargetName(ns.Data);
            if (!host.IsSubdomainOf(_zone.Origin) || _zone.Find(host) is not ZoneNode node)
            {
                continue;
            }

            foreach (ResourceRecord address in node.Get(RecordType.A).Concat(node.Get(RecordType.AAAA)))
            {
                Add(Additionals, address);
            }
        }
    }

    /// <summary>NODATA proof: the NSEC of the name (RFC 4035 §3.1.3.1), or the NSEC3 matching it (RFC 5155 §7.2.3), or for an
    /// opt-out span the closest encloser proof (RFC 5155 §7.2.4).</summary>
    private void ProveNoData(DomainName name, ZoneNode node)
    {
        if (_zone.HasNsec)
        {
            // An empty non-terminal has no NSEC: the NSEC that covers it proves there is no data (RFC 4035 §3.1.3.2 applied to ENTs).
            AddNsec(node.Has(RecordType.NSEC) ? node.Get(RecordType.NSEC)[0] : _zone.FindNsec(name));
        }
        else if (_zone.Nsec3 is not null)
        {
            ZoneNode? match = _zone.FindMatchingNsec3(name);
            if (match is not null)
            {
                AddNsec3(match);
            }
            else
            {
                ProveClosestEncloser(name);
            }
        }
    }

    /// <summary>Name error proof: NSEC covering the name and NSEC covering the wildcard (RFC 4035 §3.1.3.2); or the closest
    /// encloser proof plus the NSEC3 covering the wildcard (RFC 5155 §7.2.2).</summary>
    private void ProveNameError(DomainName name, DomainName closestEncloser)
    {
        DomainName wildcard = closestEncloser.Prepend("*");
        if (_zone.HasNsec)
        {
            AddNsec(_zone.FindNsec(name));
            AddNsec(_zone.FindNsec(wildcard));
        }
        else if (_zone.Nsec3 is not null)
        {
            ProveClosestEncloser(name);
            AddNsec3(_zone.FindCoveringNsec3(wildcard));
        }
    }

    /// <summary>A wildcard answer carries the proof that the name itself does not exist: the NSEC covering it
    /// (RFC 4035 §3.1.3.3) or the NSEC3 covering the next closer name (RFC 5155 §7.2.6).</summary>
    private void ProveWildcardExpansion(DomainName name, DomainName closestEncloser)
    {
        if (_zone.HasNsec)
        {
            AddNsec(_zone.FindNsec(name));
        }
        else if (_zone.Nsec3 is not null)
        {
            AddNsec3(_zone.FindCoveringNsec3(NextCloser(name, closestEncloser)));
        }
    }

    /// <summary>Wildcard NODATA: NSEC covering the name plus the wildcard's NSEC (RFC 4035 §3.1.3.4); or the closest encloser
    /// proof plus the NSEC3 matching the wildcard (RFC 5155 §7.2.5).</summary>
    private void ProveWildcardNoData(DomainName name, DomainName closestEncloser, ZoneNode wildcard)
    {
        if (_zone.HasNsec)
        {
            AddNsec(_zone.FindNsec(name));
            AddNsec(wildcard.Has(RecordType.NSEC) ? wildcard.Get(RecordType.NSEC)[0] : _zone.FindNsec(wildcard.Name));
        }
        else if (_zone.Nsec3 is not null)
        {
            AddNsec3(_zone.FindMatchingNsec3(closestEncloser));
            AddNsec3(_zone.FindCoveringNsec3(NextCloser(name, closestEncloser)));
            AddNsec3(_zone.FindMatchingNsec3(wildcard.Name));
        }
    }

    /// <summary>RFC 5155 §7.2.1: the NSEC3 matching the closest provable encloser and the one covering the next closer name.</summary>
    private void ProveClosestEncloser(DomainName name)
    {
        DomainName candidate = name;
        while (true)
        {
            ZoneNode? match = _zone.FindMatchingNsec3(candidate);
            if (match is not null)
            {
                AddNsec3(match);
                if (candidate != name)
                {
                    AddNsec3(_zone.FindCoveringNsec3(NextCloser(name, candidate)));
                }

                return;
            }

            if (candidate.LabelCount <= _zone.Origin.LabelCount)
            {
                return;
            }

            candidate = candidate.Parent();
        }
    }

    private static DomainName NextCloser(DomainName name, DomainName closestEncloser) => name.GetAncestor(closestEncloser.LabelCount + 1);

    /// <summary>The apex SOA with TTL min(SOA TTL, SOA MINIMUM) (RFC 2308 §3), with its RRSIGs when DNSSEC is wanted.</summary>
    private void AddNegativeSoa()
    {
        ResourceRecord soa = _zone.Soa;
        uint ttl = Math.Min(soa.Ttl, RdataFields.SoaMinimum(soa.Data));
        Add(Authorities, soa with { Ttl = ttl });
        if (_dnssec)
        {
            foreach (ResourceRecord sig in _zone.Find(_zone.Origin)!.SignaturesOf(RecordType.SOA))
            {
                Add(Authorities, sig with { Ttl = ttl });
            }
        }
    }

    private void AddNsec(ResourceRecord? nsec)
    {
        if (nsec is null)
        {
            return;
        }

        Add(Authorities, nsec);
        foreach (ResourceRecord sig in _zone.Find(nsec.Name)!.SignaturesOf(RecordType.NSEC))
        {
            Add(Authorities, sig);
        }
    }

    private void AddNsec3(ZoneNode? node)
    {
        if (node is not null)
        {
            AddRRset(Authorities, node, RecordType.NSEC3, node.Name);
        }
    }

    /// <summary>Adds an RRset (owner rewritten for wildcard expansion, RFC 4592 §3.3.1) and, with DO, its RRSIGs.</summary>
    private void AddRRset(List<ResourceRecord> section, ZoneNode node, RecordType type, DomainName owner)
    {
        bool rename = owner != node.Name;
        foreach (ResourceRecord rr in node.Get(type))
        {
            Add(section, rename ? rr with { Name = owner } : rr);
        }

        if (_dnssec && type != RecordType.RRSIG)
        {
            foreach (ResourceRecord sig in node.SignaturesOf(type))
            {
                Add(section, rename ? sig with { Name = owner } : sig);
            }
        }
    }

    private void Add(List<ResourceRecord> section, ResourceRecord rr)
    {
        if (_added.Add(rr))
        {
            section.Add(rr);
        }
    }
}
