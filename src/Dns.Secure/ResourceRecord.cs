using System.Text;
using DnsSecure.Records;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure;

/// <summary>One resource record: owner name, class, TTL and typed data.</summary>
/// <param name="Name">The owner name.</param>
/// <param name="Class">The class, normally <see cref="RecordClass.IN"/>.</param>
/// <param name="Ttl">Time to live in seconds.</param>
/// <param name="Data">The typed RDATA; its <see cref="Rdata.Type"/> is the record's type.</param>
public sealed record ResourceRecord(DomainName Name, RecordClass Class, uint Ttl, Rdata Data)
{
    /// <summary>Creates a record of class IN.</summary>
    public ResourceRecord(DomainName name, uint ttl, Rdata data) : this(name, RecordClass.IN, ttl, data) { }

    /// <summary>The record type (that of <see cref="Data"/>).</summary>
    public RecordType Type => Data.Type;

    /// <summary>The record in presentation format: <c>owner TTL CLASS TYPE RDATA</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Name.AppendTo(sb);
        sb.Append('\t').Append(Ttl).Append('\t').Append(Class.ToText()).Append('\t').Append(Type.ToText()).Append('\t');
        Data.WriteText(sb);
        return sb.ToString();
    }

    /// <summary>Parses one record in presentation format, e.g. <c>example.com. 300 IN A 192.0.2.1</c>.
    /// Relative names are completed with <paramref name="origin"/> (default: the root); TTL defaults to 0 and class to IN when absent.</summary>
    /// <exception cref="DnsFormatException">The text is not one valid record.</exception>
    public static ResourceRecord Parse(string text, DomainName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new ZoneFileReader(text, new ZoneFileReaderOptions { Origin = origin ?? DomainName.Root, DefaultTtl = 0 });
        ResourceRecord? first = null;
        foreach (ResourceRecord rr in reader.ReadRecords())
        {
            if (first is not null)
            {
                throw new DnsFormatException("Expected one record, found several.");
            }

            first = rr;
        }

        return first ?? throw new DnsFormatException("Expected one record, found none.");
    }

    /// <summary>Tries to parse one record in presentation format.</summary>
    public static bool TryParse(string? text, out ResourceRecord? record, DomainName? origin = null)
    {
        record = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            record = Parse(text, origin);
            return true;
        }
        catch (DnsFormatException)
        {
            return false;
        }
    }

    internal void WriteTo(ref DnsWireWriter writer, bool compress)
    {
        writer.WriteName(Name, compress);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)Class);
        writer.WriteUInt32(Ttl);
        int lengthAt = writer.ReserveUInt16();
        int start = writer.Position;
        Data.WriteData(ref writer, compress ? RdataEncoding.Message : RdataEncoding.Uncompressed);
        int length = writer.Position - start;
        if (length > ushort.MaxValue)
        {
            throw new DnsFormatException("RDATA longer than 65535 octets.");
        }

        writer.PatchUInt16(lengthAt, (ushort)length);
    }

    internal static ResourceRecord ReadFrom(ref DnsWireReader reader, out bool isOpt, out ushort optClass, out uint optTtl)
    {
        DomainName name = reader.ReadName();
        var type = (RecordType)reader.ReadUInt16();
        ushort cls = reader.ReadUInt16();
        uint ttl = reader.ReadUInt32();
        ushort rdLength = reader.ReadUInt16();
        isOpt = type == RecordType.OPT;
        optClass = cls;
        optTtl = ttl;
        if (isOpt)
        {
            if (!name.IsRoot)
            {
                throw DnsWireReader.Error("OPT owner name must be the root (RFC 6891 §6.1.2)", reader.Position);
            }

            int oldEnd = reader.PushLimit(rdLength);
            var opt = new ResourceRecord(name, (RecordClass)cls, ttl, OptRdata.Read(ref reader, rdLength));
            reader.PopLimit(oldEnd);
            return opt;
        }

        Rdata data = RdataRegistry.Decode(type, ref reader, rdLength);
        return new ResourceRecord(name, (RecordClass)cls, ttl, data);
    }
}
