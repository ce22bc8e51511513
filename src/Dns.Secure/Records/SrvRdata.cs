using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SRV: the location of a service (RFC 2782).</summary>
public sealed class SrvRdata : Rdata
{
    /// <summary>Creates SRV data.</summary>
    public SrvRdata(ushort priority, ushort weight, ushort port, DomainName target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Priority = priority;
        Weight = weight;
        Port = port;
        Target = target;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SRV;

    /// <summary>Priority: clients use the lowest value first.</summary>
    public ushort Priority { get; }

    /// <summary>Weight: relative selection weight among records of equal priority.</summary>
    public ushort Weight { get; }

    /// <summary>The port of the service on the target.</summary>
    public ushort Port { get; }

    /// <summary>The target host; the root means the service is decidedly not available (RFC 2782).</summary>
    public DomainName Target { get; }

    // RFC 3597 §4: receivers should decompress SRV targets (RFC 2052 senders compressed them).
    internal static SrvRdata Read(ref DnsWireReader reader, int length) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadName());

    internal static SrvRdata Parse(RdataTextReader reader) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadName());

    // RFC 2782 and RFC 3597 §4: the target is never compressed; RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        WriteName(ref writer, Target, encoding, compressible: false, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Priority).Append(' ').Append(Weight).Append(' ').Append(Port).Append(' ');
        Target.AppendTo(builder);
    }
}
