using System.Globalization;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>port</c> SvcParam: the TCP or UDP port of the alternative endpoint (RFC 9460 §7.2).</summary>
public sealed class PortSvcParam : SvcParam
{
    /// <summary>Creates the parameter.</summary>
    public PortSvcParam(ushort port) => Port = port;

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Port;

    /// <summary>The port.</summary>
    public ushort Port { get; }

    internal static PortSvcParam ParseValue(byte[] value)
    {
        string text = Ascii(value);
        return text.Length <= 5 && ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
            ? new PortSvcParam(port)
            : throw Malformed($"port '{text}' is not a number from 0 to 65535");
    }

    internal override void WriteValue(ref DnsWireWriter writer) => writer.WriteUInt16(Port);

    internal override void AppendValueText(StringBuilder builder) => builder.Append('=').Append(Port);
}
