using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>RDATA of a type this library does not model, kept as opaque octets (RFC 3597).</summary>
public sealed class UnknownRdata : Rdata
{
    private readonly RecordType _type;

    /// <summary>Creates opaque RDATA for <paramref name="type"/>.</summary>
    public UnknownRdata(RecordType type, ReadOnlyMemory<byte> data)
    {
        _type = type;
        Data = data.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => _type;

    /// <summary>The RDATA octets.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) => writer.WriteBytes(Data.Span);

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append("\\# ").Append(Data.Length);
        if (Data.Length > 0)
        {
            builder.Append(' ');
            TextFormat.AppendHex(builder, Data.Span);
        }
    }
}
