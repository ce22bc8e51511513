using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Iana;

namespace DnsSecure.Records;

/// <summary>The <c>ipv4hint</c> SvcParam: IPv4 addresses a client may use before resolving the target (RFC 9460 §7.3).</summary>
public sealed class Ipv4HintSvcParam : AddressHintSvcParam
{
    private const int AddressLength = 4;

    /// <summary>Creates the parameter.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an address of another family.</exception>
    public Ipv4HintSvcParam(IEnumerable<IPAddress> addresses)
        : base(addresses, a => a.AddressFamily == AddressFamily.InterNetwork, "ipv4hint needs one or more IPv4 addresses.")
    {
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Ipv4Hint;

    internal static Ipv4HintSvcParam Decode(ReadOnlySpan<byte> value) => new(DecodeAddresses(value, AddressLength, "ipv4hint"));

    internal static Ipv4HintSvcParam ParseValue(byte[] value) =>
        new(ParseAddresses(value, SvcParamKey.Ipv4Hint, "ipv4hint", "IPv4", text => ARdata.TryParseAddress(text, out IPAddress? a) ? a : null));

    private protected override void AppendAddress(StringBuilder builder, IPAddress address) => builder.Append(address);
}
