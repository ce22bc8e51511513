using System.Text;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of zone-file text: characters that mean something to the tokenizer, tokens that mean
/// something to the reader (directives, <c>\#</c>, <c>TYPEnnn</c>, escapes, huge numbers), deleted and duplicated
/// ranges, truncations and splices of two pieces.
/// </summary>
internal sealed class TextMutator
{
    private static readonly char[] s_specialChars =
        ['(', ')', ';', '"', '\\', '$', '@', '.', '*', ' ', '\t', '\n', '\r', '0', '9', '-', '+', '=', '/', '#', '\0', 'é', '\uD83D', '\uDE00', '\uFFFF'];

    private static readonly string[] s_specialTokens =
    [
        "\\#", "\\# 0", "\\# 4 C0000201", "\\# 65535 00", "TYPE65535", "TYPE0", "CLASS255", "CLASS0", "$ORIGIN", "$ORIGIN .", "$ORIGIN a..b.",
        "$TTL", "$TTL 1w2d3h4m5s", "$TTL 99999999999", "$INCLUDE /etc/hostname", "$GENERATE 1-2 a A 1.2.3.4", "\\999", "\\000", "\\", "\\.", "\"", "( ", " )",
        "4294967296", "18446744073709551616", "-1", "0x10", "20380119031408", "99991231235959", "19700101000000", "AAAA", "RRSIG", "NSEC3", "TLSA", "TXT",
        "NS", "A", "IN", "CH", "\"unterminated", new string('a', 64), new string('b', 300), "=", "====", "-", "@", "*", "..", " \\# 3 ABCDEF",
    ];

    private readonly Random _random;
    private readonly IReadOnlyList<string> _seeds;

    public TextMutator(int seed, IReadOnlyList<string> seeds)
    {
        _random = new Random(seed);
        _seeds = seeds;
    }

    public string LastMutation { get; private set; } = string.Empty;

    public string Next()
    {
        int index = _random.Next(_seeds.Count);
        var text = new StringBuilder(_seeds[index]);
        int rounds = 1 + _random.Next(4);
        var names = new List<string>(rounds);
        for (int r = 0; r < rounds; r++)
        {
            names.Add(Mutate(text));
        }

        LastMutation = $"seed #{index}: {string.Join(", ", names)}";
        return text.ToString();
    }

    private string Mutate(StringBuilder text)
    {
        switch (_random.Next(9))
        {
            case 0:
                if (text.Length == 0) { goto case 2; }
                text[_random.Next(text.Length)] = s_specialChars[_random.Next(s_specialChars.Length)];
                return "special char";
            case 1:
                if (text.Length == 0) { goto case 2; }
                text[_random.Next(text.Length)] = (char)_random.Next(32, 127);
                return "random char";
            case 2:
                text.Insert(TokenBoundary(text), " " + s_specialTokens[_random.Next(s_specialTokens.Length)] + " ");
                return "insert token";
            case 3:
                {
                    if (text.Length == 0) { goto case 2; }
                    int at = _random.Next(text.Length);
                    text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(_random.Next(2) == 0 ? 3 : 80)));
                    return "delete";
                }

            case 4:
                text.Length = _random.Next(text.Length + 1);
                return "truncate";
            case 5:
                {
                    // Replace a run of digits with a larger or odd number.
                    int at = FindDigit(text);
                    if (at < 0) { goto case 2; }
                    int end = at;
                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }

                    string[] numbers = ["0", "255", "256", "65535", "65536", "4294967295", "4294967296", "99999999999999999999", "007"];
                    text.Remove(at, end - at).Insert(at, numbers[_random.Next(numbers.Length)]);
                    return "number";
                }

            case 6:
                {
                    // Duplicate a line.
                    string s = text.ToString();
                    string[] lines = s.Split('\n');
                    string line = lines[_random.Next(lines.Length)];
                    text.Insert(LineStart(s), line + "\n");
                    return "duplicate line";
                }

            case 7:
                {
                    string other = _seeds[_random.Next(_seeds.Count)];
                    int cut = _random.Next(text.Length + 1);
                    text.Length = cut;
                    text.Append(other.AsSpan(_random.Next(other.Length + 1)));
                    return "splice";
                }

            default:
                {
                    // Unbalance or balance parentheses and quotes around a random range.
                    if (text.Length == 0) { goto case 2; }
                    int a = _random.Next(text.Length);
                    int b = Math.Min(text.Length, a + _random.Next(200));
                    string open = _random.Next(2) == 0 ? "(" : "\"";
                    string close = _random.Next(3) == 0 ? string.Empty : (open == "(" ? ")" : "\"");
                    text.Insert(b, close).Insert(a, open);
                    return "bracket";
                }
        }
    }

    private int TokenBoundary(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        int at = _random.Next(text.Length);
        while (at < text.Length && !char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
    }

    private int FindDigit(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return -1;
        }

        int start = _random.Next(text.Length);
        for (int k = 0; k < text.Length; k++)
        {
            int i = (start + k) % text.Length;
            if (char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1])))
            {
                return i;
            }
        }

        return -1;
    }

    private int LineStart(string s)
    {
        if (s.Length == 0)
        {
            return 0;
        }

        int at = _random.Next(s.Length);
        int nl = s.LastIndexOf('\n', at);
        return nl + 1;
    }
}
