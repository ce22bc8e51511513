using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>URI: a mapping from a service name to a URI (RFC 7553 §4).</summary>
public sealed class UriRdata : Rdata
{
    /// <summary>Creates URI data.</summary>
    public UriRdata(ushort priority, ushort weight, ReadOnlyMemory<byte> target)
    {
        Priority = priority;
        Weight = weight;
        Target = target.ToArray();
    }

    /// <summary>Creates URI data with a text target, encoded as UTF-8.</summary>
    public UriRdata(ushort priority, ushort weight, string target)
        : this(priority, weight, Encoding.UTF8.GetBytes(target ?? throw new ArgumentNullException(nameof(target))))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.URI;

    /// <summary>Priority: clients use the lowest value first.</summary>
    public ushort Priority { get; }

    /// <summary>Weight: relative selection weight among records of equal priority.</summary>
    public ushort Weight { get; }

    /// <summary>The target URI octets (RFC 7553 §4.4: the rest of the RDATA, not a character-string).</summary>
    public ReadOnlyMemory<byte> Target { get; }

    /// <summary>The target decoded as UTF-8.</summary>
    public string TargetText => Encoding.UTF8.GetString(Target.Span);

    internal static UriRdata Read(ref DnsWireReader reader, int length) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadRemaining().ToArray());

    internal static UriRdata Parse(RdataTextReader reader)
    {
        ushort priority = reader.ReadUInt16();
        ushort weight = reader.ReadUInt16();

        // RFC 7553 §4.5: the target is a quoted string in presentation format.
        ZoneToken t = reader.ReadToken();
        if (!t.IsQuoted)
        {
            throw reader.Error("the URI target must be a quoted string", t);
        }

        return TextFormat.TryUnescape(t.Text, out byte[] target, out string? error)
            ? new UriRdata(priority, weight, target)
            : throw reader.Error(error!, t);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteBytes(Target.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Priority).Append(' ').Append(Weight).Append(' ');
        TextFormat.AppendCharacterString(builder, Target.Span);
    }
}
