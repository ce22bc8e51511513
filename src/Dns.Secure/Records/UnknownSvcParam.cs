using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>A SvcParam whose key has no typed model here, kept as opaque octets; text form <c>keyNNNNN="value"</c>
/// (RFC 9460 §2.1).</summary>
public sealed class UnknownSvcParam : SvcParam
{
    private readonly SvcParamKey _key;

    /// <summary>Creates the parameter.</summary>
    public UnknownSvcParam(SvcParamKey key, ReadOnlyMemory<byte> value)
    {
        _key = key;
        Value = value.ToArray();
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => _key;

    /// <summary>The value octets.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    internal override void WriteValue(ref DnsWireWriter writer) => writer.WriteBytes(Value.Span);

    internal override void AppendValueText(StringBuilder builder)
    {
        if (Value.Length > 0)
        {
            builder.Append('=');
            TextFormat.AppendCharacterString(builder, Value.Span);
        }
    }
}
