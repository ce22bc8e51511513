using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>ech</c> SvcParam: an ECHConfigList for TLS Encrypted Client Hello (RFC 9460 §14.3.2, RFC 9849 §6);
/// base64 in presentation format.</summary>
public sealed class EchSvcParam : SvcParam
{
    /// <summary>Creates the parameter.</summary>
    public EchSvcParam(ReadOnlyMemory<byte> echConfigList) => EchConfigList = echConfigList.ToArray();

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Ech;

    /// <summary>The ECHConfigList octets.</summary>
    public ReadOnlyMemory<byte> EchConfigList { get; }

    internal static EchSvcParam ParseValue(byte[] value)
    {
        try
        {
            return new EchSvcParam(Convert.FromBase64String(SvcParam.Ascii(value)));
        }
        catch (FormatException)
        {
            throw Malformed("ech is not base64");
        }
    }

    internal override void WriteValue(ref DnsWireWriter writer) => writer.WriteBytes(EchConfigList.Span);

    internal override void AppendValueText(StringBuilder builder)
    {
        builder.Append('=');
        TextFormat.AppendBase64(builder, EchConfigList.Span);
    }
}
