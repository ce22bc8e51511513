using System.Collections.Immutable;
using DnsSecure.Edns;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// One ENTRY: MATCH criteria, ADJUST actions, REPLY flags and rcode, and the four sections. In a RANGE it is a canned
/// upstream answer; in a STEP QUERY it is the query; in a STEP CHECK_ANSWER the expected answer.
/// </summary>
internal sealed record ReplayEntry(
    ImmutableHashSet<string> Match,
    ImmutableHashSet<string> Adjust,
    ImmutableHashSet<string> Flags,
    ResponseCode ResponseCode,
    ImmutableArray<DnsQuestion> Question,
    ImmutableArray<ResourceRecord> Answer,
    ImmutableArray<ResourceRecord> Authority,
    ImmutableArray<ResourceRecord> Additional,
    int Line)
{
    public bool HasFlag(string flag) => Flags.Contains(flag);

    /// <summary>True when this (range) entry answers <paramref name="query"/> under its MATCH criteria.</summary>
    public bool Matches(DnsMessage query)
    {
        if (Question.IsEmpty || query.Questions.IsEmpty)
        {
            return Question.IsEmpty && Match.IsEmpty;
        }

        DnsQuestion want = Question[0];
        DnsQuestion got = query.Questions[0];
        bool all = Match.Contains("all");
        foreach (string m in Match)
        {
            bool ok = m switch
            {
                "opcode" => query.Opcode == DnsOpcode.Query,
                "qtype" => got.Type == want.Type,
                "qname" => got.Name == want.Name,
                "question" => got.Name == want.Name && got.Type == want.Type && got.Class == want.Class,
                "subdomain" => got.Name.IsSubdomainOf(want.Name),
                _ => true, // flags, rcode and sections describe answers, not queries.
            };
            if (!ok)
            {
                return false;
            }
        }

        return !all || (got.Name == want.Name && got.Type == want.Type);
    }

    /// <summary>Builds the reply to <paramref name="query"/> (ADJUST copy_id / copy_query applied).</summary>
    public DnsMessage ToReply(DnsMessage query) => new()
    {
        Id = Adjust.Contains("copy_id") ? query.Id : (ushort)0,
        IsResponse = HasFlag("QR"),
        AuthoritativeAnswer = HasFlag("AA"),
        Truncated = HasFlag("TC"),
        RecursionDesired = HasFlag("RD"),
        RecursionAvailable = HasFlag("RA"),
        AuthenticData = HasFlag("AD"),
        CheckingDisabled = HasFlag("CD"),
        ResponseCode = ResponseCode,
        Questions = Adjust.Contains("copy_query") ? query.Questions : Question,
        Answers = Answer,
        Authorities = Authority,
        Additionals = Additional,
        Edns = query.Edns is null ? null : new EdnsRecord { DnssecOk = query.Edns.DnssecOk },
    };

    /// <summary>Builds the query this (STEP QUERY) entry describes.</summary>
    public DnsMessage ToQuery(ushort id) => new()
    {
        Id = id,
        RecursionDesired = HasFlag("RD"),
        CheckingDisabled = HasFlag("CD"),
        AuthenticData = HasFlag("AD"),
        Questions = Question,
        Edns = HasFlag("DO") ? new EdnsRecord { DnssecOk = true } : null,
    };

    /// <summary>Compares an answer with this (CHECK_ANSWER) entry under its MATCH criteria; returns the differences.</summary>
    public IReadOnlyList<string> Compare(DnsMessage actual, bool compareAdditional = true)
    {
        var problems = new List<string>();
        bool all = Match.Contains("all");
        if (all || Match.Contains("flags"))
        {
            foreach (string flag in new[] { "QR", "AA", "TC", "RD", "RA", "AD", "CD" })
            {
                bool have = flag switch
                {
                    "QR" => actual.IsResponse,
                    "AA" => actual.AuthoritativeAnswer,
                    "TC" => actual.Truncated,
                    "RD" => actual.RecursionDesired,
                    "RA" => actual.RecursionAvailable,
                    "AD" => actual.AuthenticData,
                    _ => actual.CheckingDisabled,
                };
                if (have != HasFlag(flag))
                {
                    problems.Add($"flag {flag}: expected {HasFlag(flag)}, got {have}");
                }
            }
        }

        if ((all || Match.Contains("rcode")) && actual.ResponseCode != ResponseCode)
        {
            problems.Add($"rcode: expected {ResponseCode}, got {actual.ResponseCode}");
        }

        if ((all || Match.Contains("question") || Match.Contains("qname") || Match.Contains("qtype")) && !Question.IsEmpty)
        {
            DnsQuestion want = Question[0];
            if (actual.Questions.IsEmpty || actual.Questions[0].Name != want.Name || actual.Questions[0].Type != want.Type)
            {
                problems.Add($"question: expected {want}");
            }
        }

        CompareSection("answer", Answer, actual.Answers, all || Match.Contains("answer"), problems);
        CompareSection("authority", Authority, actual.Authorities, all || Match.Contains("authority"), problems);
        CompareSection("additional", Additional, actual.Additionals, compareAdditional && (all || Match.Contains("additional")), problems);
        return problems;
    }

    private static void CompareSection(string name, ImmutableArray<ResourceRecord> expected, ImmutableArray<ResourceRecord> actual, bool enabled, List<string> problems)
    {
        if (!enabled)
        {
            return;
        }

        // Same RR set, TTL and order ignored.
        static string Key(ResourceRecord rr) => $"{rr.Name.ToLowerCase()} {rr.Class} {rr.Type} {Convert.ToHexString(rr.Data.CanonicalData)}";
        var want = expected.Select(Key).Order(StringComparer.Ordinal).ToList();
        var got = actual.Select(Key).Order(StringComparer.Ordinal).ToList();
        if (!want.SequenceEqual(got))
        {
            problems.Add($"{name}: expected {want.Count} records, got {got.Count} (or different content)");
        }
    }
}
