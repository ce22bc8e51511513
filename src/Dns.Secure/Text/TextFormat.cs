using System.Globalization;
using System.Text;

namespace DnsSecure.Text;

/// <summary>Encoders and decoders for the field syntaxes of presentation format: hex, base64, base32hex, character-strings.</summary>
internal static class TextFormat
{
    private const string Base32HexAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    public static void AppendHex(StringBuilder builder, ReadOnlySpan<byte> data)
    {
        const string digits = "0123456789ABCDEF";
        foreach (byte b in data)
        {
            builder.Append(digits[b >> 4]).Append(digits[b & 0xF]);
        }
    }

    public static void AppendBase64(StringBuilder builder, ReadOnlySpan<byte> data) =>
        builder.Append(Convert.ToBase64String(data));

    /// <summary>Base32 with the "Extended Hex" alphabet, no padding (RFC 4648 §7, as RFC 5155 §3.3 uses it).</summary>
    public static string ToBase32Hex(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Base32HexAlphabet[(buffer >> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(Base32HexAlphabet[(buffer << (5 - bits)) & 0x1F]);
        }

        return sb.ToString();
    }

    /// <summary>Decodes base32hex (case-insensitive, padding optional). Returns false on any invalid character or leftover bits.</summary>
    public static bool TryFromBase32Hex(ReadOnlySpan<char> text, out byte[] data)
    {
        text = text.TrimEnd('=');
        var result = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, n = 0;
        foreach (char c in text)
        {
            int v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'V' => c - 'A' + 10,
                >= 'a' and <= 'v' => c - 'a' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                data = [];
                return false;
            }

            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                result[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        if (bits >= 5 || buffer != 0)
        {
            data = [];
            return false;
        }

        data = result;
        return true;
    }

    /// <summary>Appends a character-string in quotes, escaping <c>"</c> and <c>\</c> and non-printables as <c>\DDD</c>.</summary>
    public static void AppendCharacterString(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        builder.Append('"');
        foreach (byte b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                builder.Append('\\').Append((char)b);
            }
            else if (b < 0x20 || b > 0x7E)
            {
                builder.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        builder.Append('"');
    }

    /// <summary>Decodes the escapes of one token (RFC 1035 §5.1: <c>\X</c> and <c>\DDD</c>) into octets.</summary>
    public static bool TryUnescape(ReadOnlySpan<char> token, out byte[] value, out string? error)
    {
        var bytes = new List<byte>(token.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            if (c == '\\')
            {
                if (i + 1 >= token.Length)
                {
                    value = [];
                    error = "dangling backslash";
                    return false;
                }

                char n = token[i + 1];
                if (char.IsAsciiDigit(n))
                {
                    if (i + 3 >= token.Length || !char.IsAsciiDigit(token[i + 2]) || !char.IsAsciiDigit(token[i + 3]))
                    {
                        value = [];
                        error = "\\DDD escape needs three digits";
                        return false;
                    }

                    int v = ((n - '0') * 100) + ((token[i + 2] - '0') * 10) + (token[i + 3] - '0');
                    if (v > 255)
                    {
                        value = [];
                        error = "\\DDD escape above 255";
                        return false;
                    }

                    bytes.Add((byte)v);
                    i += 3;
                }
                else
                {
                    if (n > 0xFF)
                    {
                        value = [];
                        error = "non-Latin-1 character";
                        return false;
                    }

                    bytes.Add((byte)n);
                    i++;
                }
            }
            else if (c >= 0x80)
            {
                // Non-ASCII text is carried as UTF-8 octets.
                int len = Encoding.UTF8.GetBytes(token.Slice(i, char.IsHighSurrogate(c) && i + 1 < token.Length ? 2 : 1), utf8);
                for (int k = 0; k < len; k++)
                {
                    bytes.Add(utf8[k]);
                }

                if (char.IsHighSurrogate(c))
                {
                    i++;
                }
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        value = bytes.ToArray();
        error = null;
        return true;
    }
}
