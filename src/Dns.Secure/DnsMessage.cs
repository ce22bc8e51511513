using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using DnsSecure.Edns;
using DnsSecure.Wire;

namespace DnsSecure;

/// <summary>
/// A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections, with EDNS(0)
/// as a first-class part (RFC 6891) rather than a record in the additional section.
/// </summary>
public sealed record DnsMessage
{
    /// <summary>Message ID.</summary>
    public ushort Id { get; init; }

    /// <summary>QR: this is a response.</summary>
    public bool IsResponse { get; init; }

    /// <summary>OPCODE.</summary>
    public DnsOpcode Opcode { get; init; }

    /// <summary>AA: authoritative answer.</summary>
    public bool AuthoritativeAnswer { get; init; }

    /// <summary>TC: truncated.</summary>
    public bool Truncated { get; init; }

    /// <summary>RD: recursion desired.</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>RA: recursion available.</summary>
    public bool RecursionAvailable { get; init; }

    /// <summary>Z: the reserved header bit; must be zero.</summary>
    public bool Z { get; init; }

    /// <summary>AD: authentic data (RFC 4035 §3.2.3, RFC 6840 §5.7).</summary>
    public bool AuthenticData { get; init; }

    /// <summary>CD: checking disabled (RFC 4035 §3.2.2).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>The full RCODE: the header's 4 bits plus, with EDNS, the OPT record's 8 high bits (RFC 6891 §6.1.3).</summary>
    public ResponseCode ResponseCode { get; init; }

    /// <summary>The question section.</summary>
    public ImmutableArray<DnsQuestion> Questions { get; init; } = [];

    /// <summary>The answer section.</summary>
    public ImmutableArray<ResourceRecord> Answers { get; init; } = [];

    /// <summary>The authority section.</summary>
    public ImmutableArray<ResourceRecord> Authorities { get; init; } = [];

    /// <summary>The additional section, without the OPT record.</summary>
    public ImmutableArray<ResourceRecord> Additionals { get; init; } = [];

    /// <summary>EDNS(0) data, or null when the message has no OPT record.</summary>
    public EdnsRecord? Edns { get; init; }

    /// <summary>The single question, or throws when there is not exactly one.</summary>
    public DnsQuestion Question => Questions.Length == 1 ? Questions[0] : throw new InvalidOperationException("The message does not have exactly one question.");

    /// <summary>Builds a query for one question with a given ID; EDNS with the DO bit when <paramref name="dnssecOk"/>.</summary>
    public static DnsMessage CreateQuery(ushort id, DnsQuestion question, bool recursionDesired = true, bool dnssecOk = false, bool checkingDisabled = false, ushort udpPayloadSize = DnsLimits.DefaultEdnsPayloadSize) =>
        new()
        {
            Id = id,
            RecursionDesired = recursionDesired,
            CheckingDisabled = checkingDisabled,
            Questions = [question],
            Edns = new EdnsRecord { DnssecOk = dnssecOk, UdpPayloadSize = udpPayloadSize },
        };

    /// <summary>Encodes the message with name compression.</summary>
    public byte[] Encode() => Encode(DnsLimits.MaxMessageSize);

    /// <summary>
    /// Encodes the message in at most <paramref name="maxSize"/> octets. When it does not fit, whole records are dropped
    /// from the end and TC is set (RFC 2181 §9); the OPT record is always kept (RFC 6891 §7).
    /// </summary>
    public byte[] Encode(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 12);
        var writer = new DnsWireWriter(512);
        try
        {
            EncodeCore(ref writer, Math.Min(maxSize, DnsLimits.MaxMessageSize), out _);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Decodes a message.</summary>
    /// <exception cref="DnsFormatException">The octets are not a valid DNS message.</exception>
    public static DnsMessage Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length > DnsLimits.MaxMessageSize)
        {
            throw new DnsFormatException("Message longer than 65535 octets.");
        }

        var reader = new DnsWireReader(message);
        if (reader.Remaining < 12)
        {
            throw DnsWireReader.Error("message shorter than its 12-octet header", 0);
        }

        ushort id = reader.ReadUInt16();
        ushort flags = reader.ReadUInt16();
        int qd = reader.ReadUInt16(), an = reader.ReadUInt16(), ns = reader.ReadUInt16(), ar = reader.ReadUInt16();

        // Every question needs at least 5 octets and every record 11: reject impossible counts before allocating.
        if ((long)qd * 5 + ((long)an + ns + ar) * 11 > reader.Remaining)
        {
            throw DnsWireReader.Error("section counts exceed the message size", 4);
        }

        var questions = qd == 0 ? ImmutableArray<DnsQuestion>.Empty : ReadQuestions(ref reader, qd);
        var answers = ReadSection(ref reader, an, "answer");
        var authorities = ReadSection(ref reader, ns, "authority");
        EdnsRecord? edns = null;
        byte extendedRcode = 0;
        ImmutableArray<ResourceRecord> additionals;
        if (ar == 0)
        {
            additionals = [];
        }
        else
        {
            // Made on the first record that is not the OPT: the usual additional section (the OPT alone) allocates nothing.
            ResourceRecord[]? records = null;
            int kept = 0;
            for (int i = 0; i < ar; i++)
            {
                ResourceRecord rr = ResourceRecord.ReadFrom(ref reader, out bool isOpt, out _, out _);
                if (isOpt)
                {
                    // RFC 6891 §6.1.1: more than one OPT is a FORMERR.
                    if (edns is not null)
                    {
                        throw DnsWireReader.Error("more than one OPT record", reader.Position);
                    }

                    edns = EdnsRecord.FromOpt(rr, out extendedRcode);
                }
                else
                {
                    (records ??= new ResourceRecord[ar])[kept++] = rr;
                }
            }

            additionals = records is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(kept == records.Length ? records : records[..kept]);
        }

        if (reader.Remaining != 0)
        {
            throw DnsWireReader.Error($"{reader.Remaining} octets after the last record", reader.Position);
        }

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (DnsOpcode)((flags >> 11) & 0xF),
            AuthoritativeAnswer = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            Z = (flags & 0x0040) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            CheckingDisabled = (flags & 0x0010) != 0,
            ResponseCode = (ResponseCode)((extendedRcode << 4) | (flags & 0xF)),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
            Edns = edns,
        };
    }

    /// <summary>Tries to decode a message; false (and null) for malformed input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, [NotNullWhen(true)] out DnsMessage? result)
    {
        try
        {
            result = Decode(message);
            return true;
        }
        catch (DnsFormatException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>All records of the answer, authority and additional sections, in order.</summary>
    public IEnumerable<ResourceRecord> AllRecords => Answers.Concat(Authorities).Concat(Additionals);

    /// <summary>A dig-like text rendering of the whole message.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(";; opcode: ").Append(Opcode.ToString().ToUpperInvariant())
          .Append(", status: ").Append(ResponseCode.ToString().ToUpperInvariant())
          .Append(", id: ").Append(Id).AppendLine();
        sb.Append(";; flags:");
        if (IsResponse) { sb.Append(" qr"); }
        if (AuthoritativeAnswer) { sb.Append(" aa"); }
        if (Truncated) { sb.Append(" tc"); }
        if (RecursionDesired) { sb.Append(" rd"); }
        if (RecursionAvailable) { sb.Append(" ra"); }
        if (AuthenticData) { sb.Append(" ad"); }
        if (CheckingDisabled) { sb.Append(" cd"); }
        sb.Append("; QUERY: ").Append(Questions.Length).Append(", ANSWER: ").Append(Answers.Length)
          .Append(", AUTHORITY: ").Append(Authorities.Length).Append(", ADDITIONAL: ").Append(Additionals.Length + (Edns is null ? 0 : 1)).AppendLine();
        if (Edns is not null)
        {
            sb.AppendLine().AppendLine(";; OPT PSEUDOSECTION:");
            sb.Append("; EDNS: version: ").Append(Edns.Version).Append(", flags:").Append(Edns.DnssecOk ? " do" : string.Empty)
              .Append("; udp: ").Append(Edns.UdpPayloadSize).AppendLine();
            foreach (EdnsOption o in Edns.Options)
            {
                sb.Append("; ").Append(o).AppendLine();
            }
        }

        sb.AppendLine().AppendLine(";; QUESTION SECTION:");
        foreach (DnsQuestion q in Questions)
        {
            sb.Append(';').Append(q.Name).Append("\t\t").Append(q.Class.ToText()).Append('\t').Append(q.Type.ToText()).AppendLine();
        }

        AppendSection(sb, "ANSWER", Answers);
        AppendSection(sb, "AUTHORITY", Authorities);
        AppendSection(sb, "ADDITIONAL", Additionals);
        return sb.ToString();
    }

    /// <summary>Equality by value, section contents included.</summary>
    public bool Equals(DnsMessage? other) =>
        other is not null && Id == other.Id && HeaderFlags() == other.HeaderFlags() && ResponseCode == other.ResponseCode
        && Questions.SequenceEqual(other.Questions) && Answers.SequenceEqual(other.Answers)
        && Authorities.SequenceEqual(other.Authorities) && Additionals.SequenceEqual(other.Additionals)
        && Equals(Edns, other.Edns);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, HeaderFlags(), ResponseCode, Questions.Length, Answers.Length);

    internal void EncodeCore(ref DnsWireWriter writer, int maxSize, out bool truncated)
    {
        truncated = Truncated;
        if ((ushort)ResponseCode > 0xF && Edns is null)
        {
            throw new InvalidOperationException($"RCODE {ResponseCode} needs EDNS (RFC 6891 §6.1.3).");
        }

        int headerAt = writer.Position;
        writer.WriteUInt16(Id);
        writer.WriteUInt16(0); // flags, patched below
        writer.WriteUInt16(checked((ushort)Questions.Length));
        int countsAt = writer.Position;
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);

        ResourceRecord? opt = Edns?.ToOptRecord(ResponseCode);
        int optSize = opt is null ? 0 : 11 + opt.Data.Encode(Records.RdataEncoding.Uncompressed).Length;
        int budget = maxSize - optSize;

        foreach (DnsQuestion q in Questions)
        {
            writer.WriteName(q.Name, compress: true);
            writer.WriteUInt16((ushort)q.Type);
            writer.WriteUInt16((ushort)q.Class);
        }

        if (writer.Position - headerAt > budget)
        {
            throw new InvalidOperationException("The question section alone exceeds the size limit.");
        }

        ushort an = 0, ns = 0, ar = 0;
        bool full = false;
        full = WriteSection(ref writer, Answers, budget, headerAt, ref an);
        if (!full)
        {
            full = WriteSection(ref writer, Authorities, budget, headerAt, ref ns);
        }

        if (!full)
        {
            // RFC 2181 §9: records missing from the additional section do not set TC.
            WriteSection(ref writer, Additionals, budget, headerAt, ref ar);
        }
        else
        {
            truncated = true;
        }

        if (opt is not null)
        {
            opt.WriteTo(ref writer, compress: false);
            ar++;
        }

        ushort flags = (ushort)((IsResponse ? 0x8000 : 0) | (((int)Opcode & 0xF) << 11) | (AuthoritativeAnswer ? 0x0400 : 0)
            | (truncated ? 0x0200 : 0) | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0) | (Z ? 0x0040 : 0)
            | (AuthenticData ? 0x0020 : 0) | (CheckingDisabled ? 0x0010 : 0) | ((ushort)ResponseCode & 0xF));
        writer.PatchUInt16(headerAt + 2, flags);
        writer.PatchUInt16(countsAt, an);
        writer.PatchUInt16(countsAt + 2, ns);
        writer.PatchUInt16(countsAt + 4, ar);
    }

    private static bool WriteSection(ref DnsWireWriter writer, ImmutableArray<ResourceRecord> records, int budget, int headerAt, ref ushort count)
    {
        foreach (ResourceRecord rr in records)
        {
            int before = writer.Position;
            rr.WriteTo(ref writer, compress: true);
            if (writer.Position - headerAt > budget)
            {
                writer.Truncate(before);
                return true;
            }

            count++;
        }

        return false;
    }

    private int HeaderFlags() =>
        (IsResponse ? 1 : 0) | ((int)Opcode << 1) | (AuthoritativeAnswer ? 1 << 5 : 0) | (Truncated ? 1 << 6 : 0)
        | (RecursionDesired ? 1 << 7 : 0) | (RecursionAvailable ? 1 << 8 : 0) | (Z ? 1 << 9 : 0)
        | (AuthenticData ? 1 << 10 : 0) | (CheckingDisabled ? 1 << 11 : 0);

    private static ImmutableArray<DnsQuestion> ReadQuestions(ref DnsWireReader reader, int count)
    {
        // The array itself becomes the ImmutableArray (no builder object).
        var questions = new DnsQuestion[count];
        for (int i = 0; i < count; i++)
        {
            DomainName name = reader.ReadName();
            var type = (RecordType)reader.ReadUInt16();
            var cls = (RecordClass)reader.ReadUInt16();
            questions[i] = new DnsQuestion(name, type, cls);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(questions);
    }

    private static ImmutableArray<ResourceRecord> ReadSection(ref DnsWireReader reader, int count, string section)
    {
        if (count == 0)
        {
            return [];
        }

        // The array itself becomes the ImmutableArray (no builder object).
        var records = new ResourceRecord[count];
        for (int i = 0; i < count; i++)
        {
            ResourceRecord rr = ResourceRecord.ReadFrom(ref reader, out bool isOpt, out _, out _);
            if (isOpt)
            {
                // RFC 6891 §6.1.1: OPT only in the additional section.
                throw DnsWireReader.Error($"OPT record in the {section} section", reader.Position);
            }

            records[i] = rr;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(records);
    }

    private static void AppendSection(StringBuilder sb, string title, ImmutableArray<ResourceRecord> records)
    {
        if (records.IsEmpty)
        {
            return;
        }

        sb.AppendLine().Append(";; ").Append(title).AppendLine(" SECTION:");
        foreach (ResourceRecord rr in records)
        {
            sb.AppendLine(rr.ToString());
        }
    }
}
