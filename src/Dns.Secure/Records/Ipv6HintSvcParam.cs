using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>ipv6hint</c> SvcParam: IPv6 addresses a client may use before resolving the target (RFC 9460 §7.3).</summary>
public sealed class Ipv6HintSvcParam : SvcParam
{
    private const int AddressLength = 16;

    /// <summary>Creates the parameter.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an address of another family.</exception>
    public Ipv6HintSvcParam(IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ImmutableArray<IPAddress> list = [.. addresses];
        if (list.IsEmpty || list.Any(a => a is null || a.AddressFamily != AddressFamily.InterNetworkV6 || a.ScopeId != 0))
        {
            throw new ArgumentException("ipv6hint needs one or more IPv6 addresses.", nameof(addresses));
        }

        Addresses = list;
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Ipv6Hint;

    /// <summary>The addresses, in the record's order.</summary>
    public ImmutableArray<IPAddress> Addresses { get; }

    internal static Ipv6HintSvcParam Decode(ReadOnlySpan<byte> value)
    {
        // RFC 9460 §7.3: one or more addresses of 16 octets.
        if (value.Length == 0 || value.Length % AddressLength != 0)
        {
            throw Malformed("ipv6hint is not a non-empty list of 16-octet addresses");
        }

        var list = new List<IPAddress>(value.Length / AddressLength);
        for (int i = 0; i < value.Length; i += AddressLength)
        {
            list.Add(new IPAddress(value.Slice(i, AddressLength)));
        }

        return new Ipv6HintSvcParam(list);
    }

    internal static Ipv6HintSvcParam ParseValue(byte[] value)
    {
        var list = new List<IPAddress>();
        foreach (byte[] item in SplitValueList(value, SvcParamKey.Ipv6Hint))
        {
            string text = Ascii(item);
            list.Add(AaaaRdata.TryParseAddress(text, out IPAddress? a) && !a.IsIPv4MappedToIPv6 ? a : throw Malformed($"ipv6hint '{text}' is not a valid IPv6 address"));
        }

        return new Ipv6HintSvcParam(list);
    }

    internal override void WriteValue(ref DnsWireWriter writer)
    {
        Span<byte> b = stackalloc byte[AddressLength];
        foreach (IPAddress address in Addresses)
        {
            address.TryWriteBytes(b, out _);
            writer.WriteBytes(b);
        }
    }

    internal override void AppendValueText(StringBuilder builder)
    {
        builder.Append('=');
        for (int i = 0; i < Addresses.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AaaaRdata.AppendAddress(builder, Addresses[i]);
        }
    }
}
