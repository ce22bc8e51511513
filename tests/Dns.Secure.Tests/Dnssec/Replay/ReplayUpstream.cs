namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// The mock upstream of a replay: answers a query with the first ENTRY, in a RANGE covering the current step, whose
/// MATCH criteria fit (every ADDRESS is treated as the one upstream, as a stub validator sees it). Counts the queries.
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
        foreach (ReplayRange range in _scenario.Ranges)
        {
            if (!range.Covers(CurrentStep))
            {
                continue;
            }

            foreach (ReplayEntry entry in range.Entries)
            {
                if (entry.Matches(query))
                {
                    return entry.ToReply(query);
                }
            }
        }

        return null;
    }
}
