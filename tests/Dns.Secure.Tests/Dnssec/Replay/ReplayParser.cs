using System.Collections.Immutable;
using System.Globalization;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// Reads the <c>.rpl</c> replay format: a CONFIG block (Unbound syntax), then SCENARIO_BEGIN, RANGE/ENTRY blocks for
/// the mock upstream and STEP QUERY / CHECK_ANSWER / TIME_PASSES. Records go through the library's own
/// presentation parser (<see cref="ResourceRecord.Parse"/>), so a type without a model must be written in RFC 3597 form.
/// </summary>
internal static class ReplayParser
{
    /// <summary>The TTL of a record written without one (ldns' default, which the suites were written against).</summary>
    public const uint DefaultTtl = 3600;

    public static ReplayScenario ParseFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static ReplayScenario Parse(string text, string fileName)
    {
        string[] lines = text.Split('\n');
        int i = 0;
        ReplayConfig config = ParseConfig(lines, ref i, fileName);
        string title = "";
        var ranges = ImmutableArray.CreateBuilder<ReplayRange>();
        var steps = ImmutableArray.CreateBuilder<ReplayStep>();
        bool ended = false;
        for (; i < lines.Length; i++)
        {
            string line = StripComment(lines[i]);
            if (line.Length == 0)
            {
                continue;
            }

            string[] words = Words(line);
            switch (words[0])
            {
                case "SCENARIO_BEGIN":
                    title = line["SCENARIO_BEGIN".Length..].Trim();
                    break;
                case "SCENARIO_END":
                    ended = true;
                    break;
                case "RANGE_BEGIN":
                    ranges.Add(ParseRange(lines, ref i, words, fileName));
                    break;
                case "STEP":
                    steps.Add(ParseStep(lines, ref i, words, fileName));
                    break;
                default:
                    throw Error(fileName, i, $"unexpected '{words[0]}'");
            }
        }

        if (!ended)
        {
            throw Error(fileName, lines.Length - 1, "no SCENARIO_END");
        }

        return new ReplayScenario(fileName, title, config, ranges.ToImmutable(), steps.ToImmutable());
    }

    private static ReplayConfig ParseConfig(string[] lines, ref int i, string fileName)
    {
        var anchors = ImmutableArray.CreateBuilder<ResourceRecord>();
        var rejected = ImmutableArray.CreateBuilder<(string, string)>();
        var insecure = ImmutableArray.CreateBuilder<DomainName>();
        var other = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        DateTimeOffset? time = null;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            int comment = line.IndexOfAny(['#', ';']);
            while (comment >= 0 && IsInsideQuotes(line, comment))
            {
                comment = line.IndexOfAny(['#', ';'], comment + 1);
            }

            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "CONFIG_END")
            {
                i++;
                return new ReplayConfig(anchors.ToImmutable(), rejected.ToImmutable(), time, insecure.ToImmutable(), other.ToImmutable());
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw Error(fileName, i, "expected 'key: value' in the CONFIG block");
            }

            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim().Trim('"');
            try
            {
                switch (key)
                {
                    case "trust-anchor":
                        if (ResourceRecord.TryParse(value, out ResourceRecord? anchor))
                        {
                            anchors.Add(anchor!);
                        }
                        else
                        {
                            rejected.Add((value, Describe(value)));
                        }

                        break;
                    case "val-override-date":
                        time = DateTimeOffset.ParseExact(value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                        break;
                    case "val-override-timestamp":
                        time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(value, CultureInfo.InvariantCulture));
                        break;
                    case "domain-insecure":
                        insecure.Add(DomainName.Parse(value));
                        break;
                    default:
                        other.Add(new(key, value));
                        break;
                }
            }
            catch (Exception e) when (e is DnsFormatException or FormatException)
            {
                throw Error(fileName, i, $"bad {key}: {e.Message}");
            }
        }

        throw Error(fileName, i, "no CONFIG_END");
    }

    private static ReplayRange ParseRange(string[] lines, ref int i, string[] words, string fileName)
    {
        int startLine = i;
        if (words.Length < 3)
        {
            throw Error(fileName, i, "RANGE_BEGIN needs first and last step");
        }

        int first = ParseInt(words[1], fileName, i), last = ParseInt(words[2], fileName, i);
        var addresses = ImmutableArray.CreateBuilder<string>();
        var entries = ImmutableArray.CreateBuilder<ReplayEntry>();
        for (i++; i < lines.Length; i++)
        {
            string line = StripComment(lines[i]);
            if (line.Length == 0)
            {
                continue;
            }

            string[] w = Words(line);
            switch (w[0])
            {
                case "ADDRESS":
                    addresses.Add(w.Length > 1 ? w[1] : throw Error(fileName, i, "ADDRESS needs an address"));
                    break;
                case "ENTRY_BEGIN":
                    entries.Add(ParseEntry(lines, ref i, fileName));
                    break;
                case "RANGE_END":
                    return new ReplayRange(first, last, addresses.ToImmutable(), entries.ToImmutable(), startLine + 1);
                default:
                    throw Error(fileName, i, $"unexpected '{w[0]}' in RANGE");
            }
        }

        throw Error(fileName, startLine, "no RANGE_END");
    }

    private static ReplayStep ParseStep(string[] lines, ref int i, string[] words, string fileName)
    {
        int stepLine = i;
        if (words.Length < 3)
        {
            throw Error(fileName, i, "STEP needs a number and a kind");
        }

        int number = ParseInt(words[1], fileName, i);
        switch (words[2])
        {
            case "TIME_PASSES":
                if (words.Length < 5 || words[3] != "ELAPSE")
                {
                    throw Error(fileName, i, "TIME_PASSES needs ELAPSE <seconds>");
                }

                return new ReplayStep(number, ReplayStepKind.TimePasses, null, ParseInt(words[4], fileName, i), stepLine + 1);
            case "QUERY":
            case "CHECK_ANSWER":
                var kind = words[2] == "QUERY" ? ReplayStepKind.Query : ReplayStepKind.CheckAnswer;
                for (i++; i < lines.Length; i++)
                {
                    string line = StripComment(lines[i]);
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    if (line != "ENTRY_BEGIN")
                    {
                        throw Error(fileName, i, "expected ENTRY_BEGIN after STEP");
                    }

                    return new ReplayStep(number, kind, ParseEntry(lines, ref i, fileName), 0, stepLine + 1);
                }

                throw Error(fileName, stepLine, "STEP without ENTRY");
            default:
                throw Error(fileName, i, $"unsupported STEP kind '{words[2]}'");
        }
    }

    private static ReplayEntry ParseEntry(string[] lines, ref int i, string fileName)
    {
        int startLine = i;
        var match = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var adjust = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var flags = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var rcode = ResponseCode.NoError;
        var question = ImmutableArray.CreateBuilder<DnsQuestion>();
        var answer = ImmutableArray.CreateBuilder<ResourceRecord>();
        var authority = ImmutableArray.CreateBuilder<ResourceRecord>();
        var additional = ImmutableArray.CreateBuilder<ResourceRecord>();
        string? section = null;
        for (i++; i < lines.Length; i++)
        {
            string raw = lines[i];
            string line = StripComment(raw);
            if (line.Length == 0)
            {
                continue;
            }

            string[] w = Words(line);
            switch (w[0])
            {
                case "ENTRY_END":
                    return new ReplayEntry(match.ToImmutable(), adjust.ToImmutable(), flags.ToImmutable(), rcode,
                        question.ToImmutable(), answer.ToImmutable(), authority.ToImmutable(), additional.ToImmutable(), startLine + 1);
                case "MATCH":
                    match.UnionWith(w.Skip(1));
                    continue;
                case "MANDATORY":
                    // Deckard: the entry must be used by the resolver; it matches like any other.
                    match.Add("mandatory");
                    continue;
                case "ADJUST":
                    adjust.UnionWith(w.Skip(1));
                    continue;
                case "REPLY":
                    foreach (string word in w.Skip(1))
                    {
                        if (TryParseRcode(word, out ResponseCode parsed))
                        {
                            rcode = parsed;
                        }
                        else
                        {
                            flags.Add(word);
                        }
                    }

                    continue;
                case "SECTION":
                    section = w.Length > 1 ? w[1] : throw Error(fileName, i, "SECTION needs a name");
                    if (section is not ("QUESTION" or "ANSWER" or "AUTHORITY" or "ADDITIONAL"))
                    {
                        throw Error(fileName, i, $"unknown section '{section}'");
                    }

                    continue;
            }

            try
            {
                switch (section)
                {
                    case "QUESTION":
                        question.Add(ParseQuestion(w));
                        break;
                    case "ANSWER":
                        answer.Add(ParseRecord(raw.Trim()));
                        break;
                    case "AUTHORITY":
                        authority.Add(ParseRecord(raw.Trim()));
                        break;
                    case "ADDITIONAL":
                        additional.Add(ParseRecord(raw.Trim()));
                        break;
                    default:
                        throw Error(fileName, i, $"unexpected '{w[0]}' in ENTRY");
                }
            }
            catch (DnsFormatException e)
            {
                throw Error(fileName, i, $"bad record: {e.Message}");
            }
        }

        throw Error(fileName, startLine, "no ENTRY_END");
    }

    /// <summary>
    /// A record in presentation form. The suites were written for Python tools whose base64 decoder ignores excess
    /// padding, so a record refused only for that (e.g. a placeholder signature <c>UNUSABLE==</c>) is read with the
    /// padding of its last field corrected; anything else our parser refuses stays an error.
    /// </summary>
    private static ResourceRecord ParseRecord(string text)
    {
        // testbound and Deckard read records with ldns / dnspython defaults: a record without a TTL has TTL 3600.
        string[] fields = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 3 && !uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            text = $"{fields[0]} {DefaultTtl} {fields[1]} {fields[2]}";
        }

        if (ResourceRecord.TryParse(text, out ResourceRecord? record))
        {
            return record!;
        }

        int last = text.LastIndexOfAny([' ', '\t']);
        string field = text[(last + 1)..].TrimEnd('=');
        if (last > 0 && field.Length % 4 != 1 && field.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            string repadded = text[..(last + 1)] + field + new string('=', (4 - (field.Length % 4)) % 4);
            if (ResourceRecord.TryParse(repadded, out record))
            {
                return record!;
            }
        }

        return ResourceRecord.Parse(text);
    }

    private static DnsQuestion ParseQuestion(string[] words)
    {
        // name [TTL] [CLASS] TYPE
        DomainName name = DomainName.Parse(words[0]);
        RecordClass cls = RecordClass.IN;
        for (int k = 1; k < words.Length; k++)
        {
            if (RecordTypeText.TryParseType(words[k], out RecordType type))
            {
                if (k != words.Length - 1)
                {
                    throw new DnsFormatException($"unexpected text after the question type: '{words[k + 1]}'");
                }

                return new DnsQuestion(name, type, cls);
            }

            if (RecordTypeText.TryParseClass(words[k], out RecordClass c))
            {
                cls = c;
            }
            else if (!uint.TryParse(words[k], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new DnsFormatException($"bad question field '{words[k]}'");
            }
        }

        throw new DnsFormatException("question without a type");
    }

    private static string Describe(string record)
    {
        try
        {
            ResourceRecord.Parse(record);
            return "";
        }
        catch (DnsFormatException e)
        {
            return e.Message;
        }
    }

    private static bool TryParseRcode(string word, out ResponseCode rcode)
    {
        rcode = word switch
        {
            "NOERROR" => ResponseCode.NoError,
            "FORMERR" => ResponseCode.FormErr,
            "SERVFAIL" => ResponseCode.ServFail,
            "NXDOMAIN" => ResponseCode.NXDomain,
            "NOTIMPL" or "NOTIMP" => ResponseCode.NotImp,
            "REFUSED" => ResponseCode.Refused,
            _ => (ResponseCode)ushort.MaxValue,
        };
        return rcode != (ResponseCode)ushort.MaxValue;
    }

    private static string StripComment(string line)
    {
        int semi = line.IndexOf(';', StringComparison.Ordinal);
        return (semi >= 0 ? line[..semi] : line).Trim();
    }

    private static bool IsInsideQuotes(string line, int index) => line[..index].Count(c => c == '"') % 2 == 1;

    private static string[] Words(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static int ParseInt(string text, string fileName, int line) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Error(fileName, line, $"expected a number, found '{text}'");

    private static DnsFormatException Error(string fileName, int lineIndex, string message) =>
        new($"{fileName}:{lineIndex + 1}: {message}");
}
