using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>KX: a key exchanger for the owner (RFC 2230 §3).</summary>
public sealed class KxRdata : Rdata
{
    /// <summary>Creates KX data.</summary>
    public KxRdata(ushort preference, DomainName exchanger)
    {
        ArgumentNullException.ThrowIfNull(exchanger);
        Preference = preference;
        Exchanger = exchanger;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.KX;

    /// <summary>PREFERENCE: lower values are preferred.</summary>
    public ushort Preference { get; }

    /// <summary>EXCHANGER: the host acting as key exchanger.</summary>
    public DomainName Exchanger { get; }

    // RFC 2230 §3 and RFC 3597 §4: not compressed on the wire, and KX is not among the types whose names receivers decompress.
    internal static KxRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: false));

    internal static KxRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: never compressed; RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Preference);
        WriteName(ref writer, Exchanger, encoding, compressible: false, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Preference).Append(' ');
        Exchanger.AppendTo(builder);
    }
}
