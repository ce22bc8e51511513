using System.Globalization;
using DnsSecure.Wire;

namespace DnsSecure.Text;

/// <summary>
/// Reads the RDATA fields of one record from its presentation tokens. Each record type's <c>Parse</c>
/// method pulls its fields in order; every malformed field is a <see cref="DnsFormatException"/> naming the line.
/// </summary>
internal sealed class RdataTextReader
{
    private readonly IReadOnlyList<ZoneToken> _tokens;
    private int _index;

    public RdataTextReader(IReadOnlyList<ZoneToken> tokens, int start, DomainName origin, RecordType type)
    {
        _tokens = tokens;
        _index = start;
        Origin = origin;
        Type = type;
    }

    /// <summary>The origin relative names are completed with.</summary>
    public DomainName Origin { get; }

    /// <summary>The type being parsed (for messages).</summary>
    public RecordType Type { get; }

    /// <summary>True when no tokens are left.</summary>
    public bool IsAtEnd => _index >= _tokens.Count;

    /// <summary>Number of tokens left.</summary>
    public int RemainingCount => _tokens.Count - _index;

    /// <summary>Peeks at the next token's text, or null at the end.</summary>
    public string? Peek() => IsAtEnd ? null : _tokens[_index].Text;

    /// <summary>True when the next token exists and was quoted.</summary>
    public bool PeekIsQuoted => !IsAtEnd && _tokens[_index].IsQuoted;

    public ZoneToken ReadToken()
    {
        if (IsAtEnd)
        {
            throw Error("missing field");
        }

        return _tokens[_index++];
    }

    public string ReadString() => ReadToken().Text;

    public DomainName ReadName()
    {
        ZoneToken t = ReadToken();
        try
        {
            return DomainName.Parse(t.Text, Origin);
        }
        catch (DnsFormatException e)
        {
            throw Error(e.Message, t);
        }
    }

    public byte ReadUInt8() => (byte)ReadInteger(byte.MaxValue);

    public ushort ReadUInt16() => (ushort)ReadInteger(ushort.MaxValue);

    public uint ReadUInt32() => (uint)ReadInteger(uint.MaxValue);

    /// <summary>Reads a &lt;character-string&gt; (quoted or not), decoding escapes; at most 255 octets.</summary>
    public byte[] ReadCharacterString()
    {
        ZoneToken t = ReadToken();
        if (!TextFormat.TryUnescape(t.Text, out byte[] value, out string? error))
        {
            throw Error(error!, t);
        }

        if (value.Length > DnsLimits.MaxCharacterStringLength)
        {
            throw Error("character-string longer than 255 octets", t);
        }

        return value;
    }

    /// <summary>Reads a token of unescaped octets of any length.</summary>
    public byte[] ReadOctets()
    {
        ZoneToken t = ReadToken();
        return TextFormat.TryUnescape(t.Text, out byte[] value, out string? error) ? value : throw Error(error!, t);
    }

    /// <summary>Reads all remaining tokens as one hex string (white space allowed between tokens).</summary>
    public byte[] ReadHexToEnd(bool allowEmpty = false)
    {
        string joined = JoinRest();
        if (joined.Length == 0 && !allowEmpty)
        {
            throw Error("missing hex data");
        }

        if (joined == "-" && allowEmpty)
        {
            return [];
        }

        try
        {
            return Convert.FromHexString(joined);
        }
        catch (FormatException)
        {
            throw Error("invalid hex data");
        }
    }

    /// <summary>Reads one token as hex; <c>-</c> means empty when <paramref name="dashIsEmpty"/>.</summary>
    public byte[] ReadHexToken(bool dashIsEmpty = false)
    {
        ZoneToken t = ReadToken();
        if (dashIsEmpty && t.Text == "-")
        {
            return [];
        }

        try
        {
            return Convert.FromHexString(t.Text);
        }
        catch (FormatException)
        {
            throw Error("invalid hex data", t);
        }
    }

    /// <summary>Reads all remaining tokens as one base64 string.</summary>
    public byte[] ReadBase64ToEnd(bool allowEmpty = false)
    {
        string joined = JoinRest();
        if (joined.Length == 0)
        {
            return allowEmpty ? [] : throw Error("missing base64 data");
        }

        if (joined == "-" && allowEmpty)
        {
            return [];
        }

        try
        {
            return Convert.FromBase64String(joined);
        }
        catch (FormatException)
        {
            throw Error("invalid base64 data");
        }
    }

    /// <summary>Reads one base32hex token (RFC 4648 §7).</summary>
    public byte[] ReadBase32HexToken()
    {
        ZoneToken t = ReadToken();
        return TextFormat.TryFromBase32Hex(t.Text, out byte[] data) ? data : throw Error("invalid base32hex data", t);
    }

    /// <summary>Reads an RRSIG time: <c>YYYYMMDDHHmmSS</c> (UTC) or a decimal number of seconds (RFC 4034 §3.2).</summary>
    public uint ReadTimestamp()
    {
        ZoneToken t = ReadToken();
        string s = t.Text;
        if (s.Length == 14 && DateTime.TryParseExact(s, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
        {
            // Serial number arithmetic (RFC 1982): times are modulo 2^32.
            long seconds = new DateTimeOffset(time, TimeSpan.Zero).ToUnixTimeSeconds();
            return unchecked((uint)seconds);
        }

        if (s.Length <= 10 && uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            return value;
        }

        throw Error("invalid timestamp (YYYYMMDDHHmmSS or seconds)", t);
    }

    /// <summary>Reads a record type mnemonic or <c>TYPE</c><i>n</i>.</summary>
    public RecordType ReadRecordType()
    {
        ZoneToken t = ReadToken();
        return RecordTypeText.TryParseType(t.Text, out RecordType type) ? type : throw Error($"unknown type '{t.Text}'", t);
    }

    /// <summary>Reads every remaining token as a record type (for NSEC/NSEC3 type bitmaps).</summary>
    public List<RecordType> ReadRecordTypesToEnd()
    {
        var list = new List<RecordType>();
        while (!IsAtEnd)
        {
            list.Add(ReadRecordType());
        }

        return list;
    }

    /// <summary>Fails when tokens are left over.</summary>
    public void ExpectEnd()
    {
        if (!IsAtEnd)
        {
            throw Error($"unexpected extra field '{_tokens[_index].Text}'", _tokens[_index]);
        }
    }

    public DnsFormatException Error(string message) =>
        Error(message, _index < _tokens.Count ? _tokens[_index] : (_tokens.Count > 0 ? _tokens[^1] : default));

    public DnsFormatException Error(string message, ZoneToken token) =>
        new($"Line {token.Line}: {Type.ToText()} record: {message}.") { Position = token.Line };

    private ulong ReadInteger(ulong max)
    {
        ZoneToken t = ReadToken();
        if (!ulong.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) || v > max)
        {
            throw Error($"'{t.Text}' is not an integer from 0 to {max}", t);
        }

        return v;
    }

    private string JoinRest()
    {
        if (IsAtEnd)
        {
            return string.Empty;
        }

        var sb = new System.Text.StringBuilder();
        while (!IsAtEnd)
        {
            sb.Append(_tokens[_index++].Text);
        }

        return sb.ToString();
    }
}
