using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MX: a mail exchange for the owner (RFC 1035 §3.3.9).</summary>
public sealed class MxRdata : Rdata
{
    /// <summary>Creates MX data.</summary>
    public MxRdata(ushort preference, DomainName exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        Preference = preference;
        Exchange = exchange;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MX;

    /// <summary>PREFERENCE: lower values are preferred.</summary>
    public ushort Preference { get; }

    /// <summary>EXCHANGE: the host willing to act as a mail exchange.</summary>
    public DomainName Exchange { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MxRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: true));

    internal static MxRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Preference);
        WriteName(ref writer, Exchange, encoding, compressible: true, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Preference).Append(' ');
        Exchange.AppendTo(builder);
    }
}
