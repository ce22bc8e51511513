using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>ipv4hint</c> SvcParam: IPv4 addresses a client may use before resolving the target (RFC 9460 §7.3).</summary>
public sealed class Ipv4HintSvcParam : SvcParam
{
    private const int AddressLength = 4;

    /// <summary>Creates the parameter.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an address of another family.</exception>
    public Ipv4HintSvcParam(IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ImmutableArray<IPAddress> list = [.. addresses];
        if (list.IsEmpty || list.Any(a => a is null || a.AddressFamily != AddressFamily.InterNetwork))
        {
            throw new ArgumentException("ipv4hint needs one or more IPv4 addresses.", nameof(addresses));
        }

        Addresses = list;
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Ipv4Hint;

    /// <summary>The addresses, in the record's order.</summary>
    public ImmutableArray<IPAddress> Addresses { get; }

    internal static Ipv4HintSvcParam Decode(ReadOnlySpan<byte> value)
    {
        // RFC 9460 §7.3: one or more addresses of 4 octets.
        if (value.Length == 0 || value.Length % AddressLength != 0)
        {
            throw Malformed("ipv4hint is not a non-empty list of 4-octet addresses");
        }

        var list = new List<IPAddress>(value.Length / AddressLength);
        for (int i = 0; i < value.Length; i += AddressLength)
        {
            list.Add(new IPAddress(value.Slice(i, AddressLength)));
        }

        return new Ipv4HintSvcParam(list);
    }

    internal static Ipv4HintSvcParam ParseValue(byte[] value)
    {
        var list = new List<IPAddress>();
        foreach (byte[] item in SplitValueList(value, SvcParamKey.Ipv4Hint))
        {
            string text = Ascii(item);
            list.Add(TryParseDottedQuad(text, out IPAddress? a) ? a : throw Malformed($"ipv4hint '{text}' is not a valid IPv4 address"));
        }

        return new Ipv4HintSvcParam(list);
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

            builder.Append(Addresses[i]);
        }
    }

    // RFC 1123 §2.1 dotted-decimal: four decimal numbers 0-255 (no hex, octal or short forms).
    private static bool TryParseDottedQuad(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[AddressLength];
        for (int i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !byte.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out b[i]))
            {
                return false;
            }
        }

        address = new IPAddress(b);
        return true;
    }
}
