namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// The mock upstream of a replay: answers a query with an ENTRY, in a RANGE covering the current step, whose MATCH
/// criteria fit (every ADDRESS is treated as the one upstream, as a stub validator sees it). Because the ranges of
/// several servers are merged, an entry that names the query's own name wins over a "subdomain" entry, an answer over a
/// referral and a deeper subdomain entry over a shallower one; among equals the first in the file wins. Counts the queries.
/// </summary>
internal sealed class ReplayUpstream
{
    private readonly ReplayScenario _scenario;
    private int _queries;

    public ReplayUpstream(ReplayScenario scenario) => _scenario = scenario;

    /// <summary>The step the scenario is at; ranges are chosen by it.</summary>
    public int CurrentStep { get; set; }

    /// <summary>How many queries were answered or refused so far.</summary>
    public int QueryCount => _queries;

    /// <summary>The reply for <paramref name="query"/>, or null when no entry matches (a timeout, for the caller).</summary>
    public DnsMessage? Answer(DnsMessage query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Interlocked.Increment(ref _queries);
        ReplayEntry? best = null;
        int bestScore = -1;
        foreach (ReplayRange range in _scenario.Ranges)
        {
            if (!range.Covers(CurrentStep))
            {
                continue;
            }

            foreach (ReplayEntry entry in range.Entries)
            {
                if (!entry.Matches(query))
                {
                    continue;
                }

                bool subdomainOnly = entry.Match.Contains("subdomain") && !entry.Match.Contains("qname") && !entry.Match.Contains("question");
                int score = subdomainOnly ? entry.Question[0].Name.LabelCount : 1000;
                if (!IsReferral(entry))
                {
                    score += 500;
                }

                if (score > bestScore)
                {
                    best = entry;
                    bestScore = score;
                }
            }
        }

        return best?.ToReply(query);
    }

    /// <summary>A referral (no answer, NS in authority, no SOA): what an iterative resolver follows, not a stub's answer.</summary>
    private static bool IsReferral(ReplayEntry entry) =>
        entry.ResponseCode == ResponseCode.NoError && entry.Answer.IsEmpty
        && entry.Authority.Any(r => r.Type == RecordType.NS) && !entry.Authority.Any(r => r.Type == RecordType.SOA);
}
