using System.Collections.Immutable;
using System.Net;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The shape the <c>ipv4hint</c> and <c>ipv6hint</c> SvcParams share (RFC 9460 §7.3): a non-empty list of addresses of one family
/// that a client may use before resolving the target.
/// </summary>
public abstract class AddressHintSvcParam : SvcParam
{
    private protected AddressHintSvcParam(IEnumerable<IPAddress> addresses, Func<IPAddress, bool> isValid, string error)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ImmutableArray<IPAddress> list = [.. addresses];
        if (list.IsEmpty || list.Any(a => a is null || !isValid(a)))
        {
            throw new ArgumentException(error, nameof(addresses));
        }

        Addresses = list;
    }

    /// <summary>The addresses, in the record's order.</summary>
    public ImmutableArray<IPAddress> Addresses { get; }

    internal override void WriteValue(ref DnsWireWriter writer)
    {
        Span<byte> b = stackalloc byte[16];
        foreach (IPAddress address in Addresses)
        {
            address.TryWriteBytes(b, out int written);
            writer.WriteBytes(b[..written]);
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

            AppendAddress(builder, Addresses[i]);
        }
    }

    /// <summary>Appends one address in the family's presentation form.</summary>
    private protected abstract void AppendAddress(StringBuilder builder, IPAddress address);

    /// <summary>Splits a wire value into addresses of <paramref name="addressLength"/> octets.</summary>
    private protected static List<IPAddress> DecodeAddresses(ReadOnlySpan<byte> value, int addressLength, string keyName)
    {
        // RFC 9460 §7.3: one or more addresses of 4 (ipv4hint) or 16 (ipv6hint) octets.
        if (value.Length == 0 || value.Length % addressLength != 0)
        {
            throw Malformed($"{keyName} is not a non-empty list of {addressLength}-octet addresses");
        }

        var list = new List<IPAddress>(value.Length / addressLength);
        for (int i = 0; i < value.Length; i += addressLength)
        {
            list.Add(new IPAddress(value.Slice(i, addressLength)));
        }

        return list;
    }

    /// <summary>Parses a presentation value list; <paramref name="parse"/> returns null for an item that is not an address of the family.</summary>
    private protected static List<IPAddress> ParseAddresses(byte[] value, SvcParamKey key, string keyName, string familyName, Func<string, IPAddress?> parse)
    {
        var list = new List<IPAddress>();
        foreach (byte[] item in SplitValueList(value, key))
        {
            string text = Ascii(item);
            list.Add(parse(text) ?? throw Malformed($"{keyName} '{text}' is not a valid {familyName} address"));
        }

        return list;
    }
}
