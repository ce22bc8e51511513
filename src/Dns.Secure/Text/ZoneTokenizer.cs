using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Text;

/// <summary>
/// Splits master-file text (RFC 1035 §5.1) into logical entries: <c>;</c> comments removed, lines inside
/// parentheses joined, quoted strings kept as one token, escapes left for the field decoders.
/// </summary>
internal static class ZoneTokenizer
{
    public static IEnumerable<ZoneEntry> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<ZoneToken>();
        var current = new StringBuilder();
        int line = 1;
        int entryLine = 1;
        int depth = 0;
        bool startsWithBlank = false;
        bool atLineStart = true;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (atLineStart && depth == 0)
            {
                entryLine = line;
                startsWithBlank = c is ' ' or '\t';
                atLineStart = false;
            }

            switch (c)
            {
                case '\n':
                    Flush(tokens, current, line);
                    line++;
                    i++;
                    if (depth == 0)
                    {
                        if (tokens.Count > 0)
                        {
                            yield return new ZoneEntry(tokens.ToArray(), startsWithBlank, entryLine);
                            tokens.Clear();
                        }

                        atLineStart = true;
                    }

                    continue;
                case '\r' or ' ' or '\t':
                    Flush(tokens, current, line);
                    i++;
                    continue;
                case ';':
                    Flush(tokens, current, line);
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '(':
                    Flush(tokens, current, line);
                    depth++;
                    i++;
                    continue;
                case ')':
                    Flush(tokens, current, line);
                    if (depth == 0)
                    {
                        throw new DnsFormatException($"Line {line}: unbalanced ')'.") { Position = line };
                    }

                    depth--;
                    i++;
                    continue;
                case '"':
                    {
                        Flush(tokens, current, line);
                        int startLine = line;
                        i++;
                        var quoted = new StringBuilder();
                        bool closed = false;
                        while (i < text.Length)
                        {
                            char q = text[i];
                            if (q == '\\' && i + 1 < text.Length)
                            {
                                quoted.Append(q).Append(text[i + 1]);
                                if (text[i + 1] == '\n')
                                {
                                    line++;
                                }

                                i += 2;
                                continue;
                            }

                            if (q == '"')
                            {
                                closed = true;
                                i++;
                                break;
                            }

                            if (q == '\n')
                            {
                                line++;
                            }

                            quoted.Append(q);
                            i++;
                        }

                        if (!closed)
                        {
                            throw new DnsFormatException($"Line {startLine}: unterminated quoted string.") { Position = startLine };
                        }

                        tokens.Add(new ZoneToken(quoted.ToString(), true, startLine));
                        continue;
                    }

                case '\\':
                    current.Append(c);
                    if (i + 1 < text.Length)
                    {
                        current.Append(text[i + 1]);
                        i += 2;
                    }
                    else
                    {
                        i++;
                    }

                    continue;
                default:
                    current.Append(c);
                    if (current.Length > DnsLimits.MaxZoneEntryLength)
                    {
                        throw new DnsFormatException($"Line {line}: token too long.") { Position = line };
                    }

                    i++;
                    continue;
            }
        }

        Flush(tokens, current, line);
        if (depth != 0)
        {
            throw new DnsFormatException($"Line {entryLine}: unbalanced '(' at end of input.") { Position = entryLine };
        }

        if (tokens.Count > 0)
        {
            yield return new ZoneEntry(tokens.ToArray(), startsWithBlank, entryLine);
        }
    }

    private static void Flush(List<ZoneToken> tokens, StringBuilder current, int line)
    {
        if (current.Length > 0)
        {
            tokens.Add(new ZoneToken(current.ToString(), false, line));
            current.Clear();
        }
    }
}
