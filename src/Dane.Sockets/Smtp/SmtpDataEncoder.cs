using System.Text;

namespace DaneSockets.Smtp;

/// <summary>Checks a message and turns its content into the octets sent after DATA: CRLF line ends, dot-stuffed, terminated.</summary>
internal static class SmtpDataEncoder
{
    /// <summary>RFC 5322 §2.1.1: a line is at most 998 characters, CRLF excluded.</summary>
    internal const int MaxLineLength = 998;

    /// <exception cref="ArgumentException">An address or the content is not acceptable.</exception>
    public static byte[] Encode(SmtpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        CheckAddress(message.From, allowEmpty: true, nameof(message));
        if (message.Recipients.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A message needs at least one recipient.", nameof(message));
        }

        foreach (string recipient in message.Recipients)
        {
            CheckAddress(recipient, allowEmpty: false, nameof(message));
        }

        ArgumentNullException.ThrowIfNull(message.Content, nameof(message));
        var text = new StringBuilder(message.Content.Length + 64);
        string[] lines = message.Content.Split('\n');
        int count = lines.Length;
        if (count > 1 && lines[^1].Length == 0)
        {
            count--; // the content's own final line end
        }

        for (int i = 0; i < count; i++)
        {
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Length > MaxLineLength)
            {
                throw new ArgumentException($"Line {i + 1} is longer than {MaxLineLength} characters (RFC 5322 §2.1.1).", nameof(message));
            }

            if (line.Contains('\r') || !Ascii.IsValid(line))
            {
                throw new ArgumentException($"Line {i + 1} has a bare CR or a non-ASCII character; the content must be 7-bit text.", nameof(message));
            }

            // RFC 5321 §4.5.2: a line starting with "." gets one more.
            if (line.StartsWith('.'))
            {
                text.Append('.');
            }

            text.Append(line).Append("\r\n");
        }

        // RFC 5321 §4.1.1.4: the data ends with CRLF "." CRLF.
        text.Append(".\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>
    /// True when an envelope address is not ASCII, so the transaction needs the SMTPUTF8 extension (RFC 6531 §3.2: only a
    /// server that advertises it may receive such an address, with the SMTPUTF8 parameter on MAIL FROM, §3.4).
    /// </summary>
    public static bool RequiresSmtpUtf8(SmtpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Ascii.IsValid(message.From))
        {
            return true;
        }

        foreach (string recipient in message.Recipients)
        {
            if (!Ascii.IsValid(recipient))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckAddress(string address, bool allowEmpty, string parameter)
    {
        ArgumentNullException.ThrowIfNull(address, parameter);
        // RFC 6531 §3.3: an address may hold UTF-8 (well-formed: no lone surrogates); never controls, spaces or brackets.
        if ((!allowEmpty && address.Length == 0) || address.AsSpan().IndexOfAny("<> ") >= 0 || HasControlOrBrokenUtf16(address))
        {
            throw new ArgumentException($"'{address}' is not a usable envelope address.", parameter);
        }
    }

    private static bool HasControlOrBrokenUtf16(string text)
    {
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out Rune rune, out int used) != System.Buffers.OperationStatus.Done || Rune.IsControl(rune))
            {
                return true;
            }

            rest = rest[used..];
        }

        return false;
    }
}
