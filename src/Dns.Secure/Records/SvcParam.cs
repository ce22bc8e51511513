using System.Globalization;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// One SvcParam of an SVCB or HTTPS record (RFC 9460 §2.1): a key and its value. The keys RFC 9460 defines have typed
/// subclasses (<see cref="MandatorySvcParam"/>, <see cref="AlpnSvcParam"/>, <see cref="NoDefaultAlpnSvcParam"/>,
/// <see cref="PortSvcParam"/>, <see cref="Ipv4HintSvcParam"/>, <see cref="EchSvcParam"/>, <see cref="Ipv6HintSvcParam"/>);
/// other keys are <see cref="UnknownSvcParam"/>. Equality is on key and wire value.
/// </summary>
public abstract class SvcParam : IEquatable<SvcParam>
{
    private protected SvcParam()
    {
    }

    /// <summary>The key.</summary>
    public abstract SvcParamKey Key { get; }

    /// <summary>The wire form of the value (SvcParamValue, without key and length).</summary>
    public byte[] ToValueWire()
    {
        var writer = new DnsWireWriter(32);
        try
        {
            WriteValue(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Presentation form: <c>key</c> or <c>key=value</c> (RFC 9460 §2.1).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendText(sb);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(SvcParam? other) => other is not null && Key == other.Key && ToValueWire().AsSpan().SequenceEqual(other.ToValueWire());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SvcParam other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hc = new HashCode();
        hc.Add(Key);
        hc.AddBytes(ToValueWire());
        return hc.ToHashCode();
    }

    /// <summary>The text name of a key: its registered mnemonic or <c>key</c><i>n</i> (RFC 9460 §2.1).</summary>
    public static string KeyToText(SvcParamKey key) => key switch
    {
        SvcParamKey.Mandatory => "mandatory",
        SvcParamKey.Alpn => "alpn",
        SvcParamKey.NoDefaultAlpn => "no-default-alpn",
        SvcParamKey.Port => "port",
        SvcParamKey.Ipv4Hint => "ipv4hint",
        SvcParamKey.Ech => "ech",
        SvcParamKey.Ipv6Hint => "ipv6hint",
        SvcParamKey.DohPath => "dohpath",
        SvcParamKey.Ohttp => "ohttp",
        _ => "key" + ((ushort)key).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a key name: a mnemonic of RFC 9460 or <c>key</c><i>n</i> without leading zeros; key65535 is invalid.</summary>
    public static bool TryParseKey(ReadOnlySpan<char> text, out SvcParamKey key)
    {
        switch (text)
        {
            case "mandatory": key = SvcParamKey.Mandatory; return true;
            case "alpn": key = SvcParamKey.Alpn; return true;
            case "no-default-alpn": key = SvcParamKey.NoDefaultAlpn; return true;
            case "port": key = SvcParamKey.Port; return true;
            case "ipv4hint": key = SvcParamKey.Ipv4Hint; return true;
            case "ech": key = SvcParamKey.Ech; return true;
            case "ipv6hint": key = SvcParamKey.Ipv6Hint; return true;
            case "dohpath": key = SvcParamKey.DohPath; return true;
            case "ohttp": key = SvcParamKey.Ohttp; return true;
        }

        key = default;
        if (text.Length < 4 || !text.StartsWith("key", StringComparison.Ordinal) || (text.Length > 4 && text[3] == '0')
            || !ushort.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value)
            || value == (ushort)SvcParamKey.InvalidKey)
        {
            return false;
        }

        key = (SvcParamKey)value;
        return true;
    }

    /// <summary>Writes the value (without key and length).</summary>
    internal abstract void WriteValue(ref DnsWireWriter writer);

    /// <summary>Appends <c>=value</c>, or nothing when the parameter has no value.</summary>
    internal abstract void AppendValueText(StringBuilder builder);

    internal void AppendText(StringBuilder builder)
    {
        // A typed key held as opaque octets is written in the generic form, whose value is the wire form (RFC 9460 §2.1).
        builder.Append(this is UnknownSvcParam && Key <= SvcParamKey.Ipv6Hint ? "key" + ((ushort)Key).ToString(CultureInfo.InvariantCulture) : KeyToText(Key));
        AppendValueText(builder);
    }

    /// <summary>Decodes one value from wire form, checking the key's rules (RFC 9460 §7, §8).</summary>
    /// <exception cref="DnsFormatException">The value breaks its key's wire rules.</exception>
    internal static SvcParam Decode(SvcParamKey key, ReadOnlySpan<byte> value) => key switch
    {
        SvcParamKey.Mandatory => MandatorySvcParam.Decode(value),
        SvcParamKey.Alpn => AlpnSvcParam.Decode(value),
        SvcParamKey.NoDefaultAlpn => value.Length == 0 ? NoDefaultAlpnSvcParam.Instance : throw Malformed("no-default-alpn has a value"),
        SvcParamKey.Port => value.Length == 2 ? new PortSvcParam((ushort)((value[0] << 8) | value[1])) : throw Malformed("port is not 2 octets"),
        SvcParamKey.Ipv4Hint => Ipv4HintSvcParam.Decode(value),
        SvcParamKey.Ech => new EchSvcParam(value.ToArray()),
        SvcParamKey.Ipv6Hint => Ipv6HintSvcParam.Decode(value),
        _ => new UnknownSvcParam(key, value.ToArray()),
    };

    /// <summary>Parses one value from its character-string-decoded text (RFC 9460 §2.1, Appendix A); null when there was no <c>=</c>.</summary>
    /// <exception cref="DnsFormatException">The value is not valid for the key.</exception>
    internal static SvcParam Parse(SvcParamKey key, byte[]? value, bool generic)
    {
        // RFC 9460 §2.1: a keyNNNNN value is the wire form of the value, even for a key with a typed syntax.
        if (generic)
        {
            return Decode(key, value ?? []);
        }

        return key switch
        {
            SvcParamKey.Mandatory => MandatorySvcParam.ParseValue(Require(key, value)),
            SvcParamKey.Alpn => AlpnSvcParam.ParseValue(Require(key, value)),
            SvcParamKey.NoDefaultAlpn => value is null || value.Length == 0 ? NoDefaultAlpnSvcParam.Instance : throw Malformed("no-default-alpn takes no value"),
            SvcParamKey.Port => PortSvcParam.ParseValue(Require(key, value)),
            SvcParamKey.Ipv4Hint => Ipv4HintSvcParam.ParseValue(Require(key, value)),
            SvcParamKey.Ech => EchSvcParam.ParseValue(value ?? []),
            SvcParamKey.Ipv6Hint => Ipv6HintSvcParam.ParseValue(Require(key, value)),
            _ => Decode(key, value ?? []),
        };
    }

    /// <summary>Splits a comma-separated value-list (RFC 9460 Appendix A.1): <c>\,</c> and <c>\\</c> are escapes, any other
    /// backslash is an error, and empty items are not allowed.</summary>
    internal static List<byte[]> SplitValueList(ReadOnlySpan<byte> value, SvcParamKey key)
    {
        var items = new List<byte[]>();
        var current = new List<byte>();
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            if (b == (byte)'\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not (byte)',' and not (byte)'\\')
                {
                    throw Malformed($"{KeyToText(key)} has a stray backslash in its value-list");
                }

                current.Add(value[++i]);
            }
            else if (b == (byte)',')
            {
                items.Add(EndItem(current, key));
            }
            else
            {
                current.Add(b);
            }
        }

        items.Add(EndItem(current, key));
        return items;
    }

    /// <summary>Appends one value-list item with <c>,</c> and <c>\</c> escaped for Appendix A.1.</summary>
    internal static void AppendValueListItem(List<byte> output, ReadOnlySpan<byte> item)
    {
        foreach (byte b in item)
        {
            if (b is (byte)',' or (byte)'\\')
            {
                output.Add((byte)'\\');
            }

            output.Add(b);
        }
    }

    internal static DnsFormatException Malformed(string message) => new($"Malformed SvcParam: {message} (RFC 9460).");

    internal static string Ascii(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
        {
            if (b is < 0x21 or > 0x7E)
            {
                throw Malformed("value has non-printable characters");
            }
        }

        return Encoding.ASCII.GetString(value);
    }

    private static byte[] EndItem(List<byte> current, SvcParamKey key)
    {
        if (current.Count == 0)
        {
            throw Malformed($"{KeyToText(key)} has an empty item in its value-list");
        }

        byte[] item = current.ToArray();
        current.Clear();
        return item;
    }

    private static byte[] Require(SvcParamKey key, byte[]? value) =>
        value is null || value.Length == 0 ? throw Malformed($"{KeyToText(key)} needs a value") : value;
}
