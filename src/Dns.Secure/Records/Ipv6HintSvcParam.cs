using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Iana;

namespace DnsSecure.Records;

/// <summary>The <c>ipv6hint</c> SvcParam: IPv6 addresses a client may use before resolving the target (RFC 9460 §7.3).</summary>
public sealed class Ipv6HintSvcParam : AddressHintSvcParam
{
    private const int AddressLength = 16;

    /// <summary>Creates the parameter.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an address of another family.</exception>
    public Ipv6HintSvcParam(IEnumerable<IPAddress> addresses)
        : base(addresses, a => a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId == 0, "ipv6hint needs one or more IPv6 addresses.")
    {
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Ipv6Hint;

    internal static Ipv6HintSvcParam Decode(ReadOnlySpan<byte> value) => new(DecodeAddresses(value, AddressLength, "ipv6hint"));

    internal static Ipv6HintSvcParam ParseValue(byte[] value) =>
        new(ParseAddresses(value, SvcParamKey.Ipv6Hint, "ipv6hint", "IPv6", text => AaaaRdata.TryParseAddress(text, out IPAddress? a) && !a.IsIPv4MappedToIPv6 ? a : null));

    private protected override void AppendAddress(StringBuilder builder, IPAddress address) => AaaaRdata.AppendAddress(builder, address);
}
