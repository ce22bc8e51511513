using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using DnsSecure.Edns;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Testing.Server;

/// <summary>
/// Turns one query message into one response: header checks (RFC 1035 §4.1.1, RFC 6891 §6.1.3), zone selection,
/// the authoritative lookup, fault injection and size limits (RFC 6891 §6.2.5, RFC 2181 §9).
/// </summary>
internal sealed class QueryResponder
{
    private static readonly HashSet<RecordType> s_dnssecTypes =
        [RecordType.RRSIG, RecordType.NSEC, RecordType.NSEC3, RecordType.NSEC3PARAM, RecordType.DNSKEY, RecordType.DS, RecordType.CDS, RecordType.CDNSKEY];

    private readonly Func<ImmutableArray<AuthoritativeZone>> _zones;
    private readonly FaultPlan _faults;
    private readonly QueryCounters _counters;
    private readonly AuthoritativeServerOptions _options;

    public QueryResponder(Func<ImmutableArray<AuthoritativeZone>> zones, FaultPlan faults, QueryCounters counters, AuthoritativeServerOptions options)
    {
        _zones = zones;
        _faults = faults;
        _counters = counters;
        _options = options;
    }

    /// <summary>Answers one query received over <paramref name="transport"/>.</summary>
    public ServerReply Respond(ReadOnlySpan<byte> wire, ServerTransport transport)
    {
        DnsMessage query;
        try
        {
            query = DnsMessage.Decode(wire);
        }
        catch (DnsFormatException)
        {
            _counters.RecordMalformed();
            return new ServerReply(FormatErrorFromRawHeader(wire), TimeSpan.Zero);
        }

        if (query.IsResponse)
        {
            // Never answer a response: that is how reflection loops start.
            _counters.RecordMalformed();
            return default;
        }

        if (query.Questions.Length != 1)
        {
            // RFC 9619: QDCOUNT other than one is a FORMERR.
            _counters.RecordMalformed();
            return Encode(Reply(query, ResponseCode.FormErr, query.Edns is null ? null : OurEdns(query)) with { Questions = query.Questions }, transport, query);
        }

        DnsQuestion question = query.Question;
        _counters.Record(question, transport);
        AuthoritativeZone? zone = question.Class == RecordClass.IN ? SelectZone(question) : null;
        List<Fault> faults = _faults.Select(zone?.Origin, question.Name, question.Type, transport);
        TimeSpan delay = TimeSpan.Zero;
        foreach (Fault fault in faults)
        {
            switch (fault.Kind)
            {
                case FaultKind.NoAnswer:
                    return default;
                case FaultKind.Delay:
                    delay += fault.Delay;
                    break;
            }
        }

        DnsMessage response = Answer(query, zone, faults);
        response = ApplyFaults(response, query, zone, faults);
        return Encode(response, transport, query, faults) with { Delay = delay };
    }

    private DnsMessage Answer(DnsMessage query, AuthoritativeZone? zone, List<Fault> faults)
    {
        DnsQuestion question = query.Question;
        if (query.Edns is not null && Has(faults, FaultKind.FormErrOnEdns))
        {
            return Reply(query, ResponseCode.FormErr, edns: null);
        }

        if (query.Opcode != DnsOpcode.Query)
        {
            return Reply(query, ResponseCode.NotImp, OurEdns(query));
        }

        if (query.Edns is { Version: > 0 })
        {
            // RFC 6891 §6.1.3: BADVERS, with the highest version we implement (0) in our OPT.
            return Reply(query, ResponseCode.BadVers, OurEdns(query));
        }

        if (Has(faults, FaultKind.ServerFailure))
        {
            return Reply(query, ResponseCode.ServFail, OurEdns(query));
        }

        if (zone is null || Has(faults, FaultKind.Refuse) || question.Type is RecordType.AXFR or RecordType.IXFR)
        {
            return Reply(query, ResponseCode.Refused, OurEdns(query));
        }

        bool dnssecOk = query.Edns?.DnssecOk == true;
        ZoneLookup lookup = ZoneLookup.Run(zone, question.Name, question.Type, dnssecOk);
        return Reply(query, lookup.ResponseCode, OurEdns(query)) with
        {
            AuthoritativeAnswer = lookup.Authoritative,
            Answers = [.. lookup.Answers],
            Authorities = [.. lookup.Authorities],
            Additionals = [.. lookup.Additionals],
        };
    }

    /// <summary>
    /// The closest enclosing zone of the name; for DS, the parent side of a zone cut (RFC 4035 §3.1.4.1) when the parent
    /// is served here too.
    /// </summary>
    private AuthoritativeZone? SelectZone(DnsQuestion question)
    {
        AuthoritativeZone? best = null;
        AuthoritativeZone? parentOfApex = null;
        foreach (AuthoritativeZone zone in _zones())
        {
            if (!question.Name.IsSubdomainOf(zone.Origin))
            {
                continue;
            }

            if (question.Type == RecordType.DS && zone.Origin == question.Name && !question.Name.IsRoot)
            {
                continue;
            }

            if (best is null || zone.Origin.LabelCount > best.Origin.LabelCount)
            {
                best = zone;
            }
        }

        foreach (AuthoritativeZone zone in _zones())
        {
            if (question.Type == RecordType.DS && zone.Origin == question.Name)
            {
                parentOfApex = zone;
            }
        }

        // A DS query for the apex of a zone whose parent is not here is answered by the child (a NODATA from its apex).
        return best ?? parentOfApex;
    }

    private DnsMessage ApplyFaults(DnsMessage response, DnsMessage query, AuthoritativeZone? zone, List<Fault> faults)
    {
        if (faults.Count == 0)
        {
            return response;
        }

        var answers = response.Answers.ToList();
        var authorities = response.Authorities.ToList();
        var additionals = response.Additionals.ToList();
        foreach (Fault fault in faults)
        {
            switch (fault.Kind)
            {
                case FaultKind.OversizedKeySet when zone is not null:
                    OversizedKeySetGenerator.Inflate(answers, fault, zone.Origin, _options.TimeProvider);
                    break;
                case FaultKind.TamperData:
                    Rewrite(answers, RecordType.A, rr => new ARdata(fault.Address ?? NextAddress(((ARdata)rr).Address)), a => a is ARdata);
                    break;
                case FaultKind.WrongDs:
                    Rewrite(answers, RecordType.DS, RdataFields.CorruptDs);
                    Rewrite(authorities, RecordType.DS, RdataFields.CorruptDs);
                    break;
                case FaultKind.CorruptSignatures:
                    Rewrite(answers, RecordType.RRSIG, RdataFields.CorruptRrsig);
                    Rewrite(authorities, RecordType.RRSIG, RdataFields.CorruptRrsig);
                    Rewrite(additionals, RecordType.RRSIG, RdataFields.CorruptRrsig);
                    break;
            }
        }

        foreach (Fault fault in faults)
        {
            switch (fault.Kind)
            {
                case FaultKind.DropSignatures:
                    RemoveAll(RecordType.RRSIG);
                    break;
                case FaultKind.StripDnssec:
                    answers.RemoveAll(r => s_dnssecTypes.Contains(r.Type));
                    authorities.RemoveAll(r => s_dnssecTypes.Contains(r.Type));
                    additionals.RemoveAll(r => s_dnssecTypes.Contains(r.Type));
                    break;
            }
        }

        response = response with { Answers = [.. answers], Authorities = [.. authorities], Additionals = [.. additionals] };
        foreach (Fault fault in faults)
        {
            switch (fault.Kind)
            {
                case FaultKind.NoEdns when response.Edns is not null:
                    // Without OPT, an extended RCODE cannot be said: fall back to its low bits' nearest meaning.
                    response = response with { Edns = null, ResponseCode = (ushort)response.ResponseCode > 0xF ? ResponseCode.FormErr : response.ResponseCode };
                    break;
                case FaultKind.WrongId:
                    response = response with { Id = (ushort)(query.Id ^ 0x5A5A) };
                    break;
                case FaultKind.WrongQuestion:
                    response = response with { Questions = [.. response.Questions.Select(q => q with { Name = WrongName(q.Name) })] };
                    break;
            }
        }

        return response;

        void RemoveAll(RecordType type)
        {
            answers.RemoveAll(r => r.Type == type);
            authorities.RemoveAll(r => r.Type == type);
            additionals.RemoveAll(r => r.Type == type);
        }
    }

    private ServerReply Encode(DnsMessage response, ServerTransport transport, DnsMessage query, List<Fault>? faults = null)
    {
        if (transport == ServerTransport.Tcp)
        {
            return new ServerReply(response.Encode(), TimeSpan.Zero);
        }

        if (faults is not null && Has(faults, FaultKind.AlwaysTruncate))
        {
            DnsMessage empty = response with { Truncated = true, Answers = [], Authorities = [], Additionals = [] };
            return new ServerReply(empty.Encode(), TimeSpan.Zero);
        }

        // RFC 6891 §6.2.5: the requestor's payload size, at least 512; RFC 1035 §4.2.1: 512 without EDNS.
        int limit = query.Edns is null
            ? DnsLimits.ClassicUdpPayloadSize
            : Math.Min(Math.Max((int)query.Edns.UdpPayloadSize, DnsLimits.ClassicUdpPayloadSize), _options.MaxUdpPayloadSize);
        return new ServerReply(response.Encode(limit), TimeSpan.Zero);
    }

    private static DnsMessage Reply(DnsMessage query, ResponseCode code, EdnsRecord? edns) => new()
    {
        Id = query.Id,
        IsResponse = true,
        Opcode = query.Opcode,
        RecursionDesired = query.RecursionDesired,
        CheckingDisabled = query.CheckingDisabled,
        ResponseCode = code,
        Questions = query.Questions,
        Edns = edns,
    };

    /// <summary>Our OPT: our payload size and the query's DO bit copied back (RFC 3225 §3); none when the query had none (RFC 6891 §7).</summary>
    private EdnsRecord? OurEdns(DnsMessage query) =>
        query.Edns is null ? null : new EdnsRecord { UdpPayloadSize = _options.MaxUdpPayloadSize, DnssecOk = query.Edns.DnssecOk };

    /// <summary>A FORMERR for octets that do not decode: the ID and opcode echoed from the raw header when there is one.</summary>
    private static byte[]? FormatErrorFromRawHeader(ReadOnlySpan<byte> wire)
    {
        if (wire.Length < 12 || (wire[2] & 0x80) != 0)
        {
            return null;
        }

        var reply = new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(wire),
            IsResponse = true,
            Opcode = (DnsOpcode)((wire[2] >> 3) & 0xF),
            RecursionDesired = (wire[2] & 0x01) != 0,
            ResponseCode = ResponseCode.FormErr,
        };
        return reply.Encode();
    }

    private static void Rewrite(List<ResourceRecord> section, RecordType type, Func<Rdata, Rdata> change, Func<Rdata, bool>? applies = null)
    {
        for (int i = 0; i < section.Count; i++)
        {
            if (section[i].Type == type && (applies is null || applies(section[i].Data)))
            {
                section[i] = section[i] with { Data = change(section[i].Data) };
            }
        }
    }

    private static IPAddress NextAddress(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes);
    }

    private static DomainName WrongName(DomainName name)
    {
        try
        {
            return name.Prepend("wrong");
        }
        catch (DnsFormatException)
        {
            return DomainName.Root;
        }
    }

    private static bool Has(List<Fault> faults, FaultKind kind)
    {
        foreach (Fault fault in faults)
        {
            if (fault.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }
}
