using System.Collections.Immutable;

namespace DaneSockets.StartTls;

/// <summary>One SMTP reply (RFC 5321 §4.2): a three-digit code and the text of each line.</summary>
/// <param name="Code">The reply code, 200–599.</param>
/// <param name="Lines">The text after the code on each line, in order.</param>
internal sealed record SmtpReply(int Code, ImmutableArray<string> Lines)
{
    /// <summary>2yz: positive completion (RFC 5321 §4.2.1).</summary>
    public bool IsPositiveCompletion => Code is >= 200 and < 300;

    /// <summary>The reply as one line, for reports.</summary>
    public override string ToString() => $"{Code} {string.Join(" / ", Lines)}".TrimEnd();

    /// <summary>Reads one complete, possibly multi-line, reply.</summary>
    /// <exception cref="StartTlsProtocolException">The reply is malformed, too long, or the connection closed.</exception>
    public static async ValueTask<SmtpReply> ReadAsync(StartTlsLineReader reader, CancellationToken cancellationToken)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        int code = 0;
        while (true)
        {
            string line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF,
            // Reply-code = %x32-35 %x30-35 %x30-39.
            if (line.Length < 3 || line[0] is < '2' or > '5' || line[1] is < '0' or > '5' || !char.IsAsciiDigit(line[2])
                || (line.Length > 3 && line[3] is not ('-' or ' ')))
            {
                throw new StartTlsProtocolException($"malformed SMTP reply line '{Shorten(line)}'");
            }

            int lineCode = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
            if (lines.Count > 0 && lineCode != code)
            {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw new StartTlsProtocolException($"multi-line SMTP reply changed its code from {code} to {lineCode}");
            }

            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines.ToImmutable());
            }

            if (lines.Count >= StartTlsLimits.MaxLinesPerReply)
            {
                throw new StartTlsProtocolException($"SMTP reply longer than {StartTlsLimits.MaxLinesPerReply} lines");
            }
        }
    }

    /// <summary>True when an EHLO reply (RFC 5321 §4.1.1.1) advertises <paramref name="keyword"/> on one of its extension lines.</summary>
    public bool HasExtension(string keyword)
    {
        // The first line is the greeting (the server's name); each further line is "keyword [params]".
        for (int i = 1; i < Lines.Length; i++)
        {
            ReadOnlySpan<char> line = Lines[i].AsSpan().Trim();
            int space = line.IndexOf(' ');
            ReadOnlySpan<char> word = space < 0 ? line : line[..space];
            if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
