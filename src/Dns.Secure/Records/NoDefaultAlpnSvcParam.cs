using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>no-default-alpn</c> SvcParam: the endpoint does not support the scheme's default protocol
/// (RFC 9460 §7.1.1). It has no value.</summary>
public sealed class NoDefaultAlpnSvcParam : SvcParam
{
    private NoDefaultAlpnSvcParam()
    {
    }

    /// <summary>The parameter (it carries no data).</summary>
    public static NoDefaultAlpnSvcParam Instance { get; } = new();

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.NoDefaultAlpn;

    internal override void WriteValue(ref DnsWireWriter writer)
    {
    }

    internal override void AppendValueText(StringBuilder builder)
    {
    }
}
