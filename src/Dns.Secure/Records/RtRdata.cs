using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>RT: a route-through host for the owner (RFC 1183 §3.3).</summary>
public sealed class RtRdata : Rdata
{
    /// <summary>Creates RT data.</summary>
    public RtRdata(ushort preference, DomainName intermediateHost)
    {
        ArgumentNullException.ThrowIfNull(intermediateHost);
        Preference = preference;
        IntermediateHost = intermediateHost;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.RT;

    /// <summary>Preference: lower values are preferred.</summary>
    public ushort Preference { get; }

    /// <summary>The intermediate host to route through.</summary>
    public DomainName IntermediateHost { get; }

    // RFC 3597 §4: receivers should decompress RT names (older senders compressed them).
    internal static RtRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: true));

    internal static RtRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: not compressed by senders; RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Preference);
        WriteName(ref writer, IntermediateHost, encoding, compressible: false, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Preference).Append(' ');
        IntermediateHost.AppendTo(builder);
    }
}
