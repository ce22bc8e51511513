namespace DnsSecure.Dnssec.Chain;

/// <summary>The work one lookup may do before it fails closed: upstream queries and signature verifications.</summary>
internal sealed class WorkBudget(int maxQueries, int maxVerifications)
{
    private int _queries;
    private int _verifications;

    public int Queries => _queries;

    public int Verifications => _verifications;

    /// <summary>The chain queries sent ahead for this lookup, once the chain walk has sent any (<see cref="ChainPrefetch"/>).</summary>
    public ChainPrefetch? Prefetch { get; set; }

    public bool TrySpendQuery() => Interlocked.Increment(ref _queries) <= maxQueries;

    /// <summary>
    /// Spends a query for a question sent ahead, only while there is room: unlike <see cref="TrySpendQuery"/> a refusal
    /// spends nothing, so a query sent ahead never pushes the count past the limit.
    /// </summary>
    public bool TrySpendQueryAhead()
    {
        int seen = Volatile.Read(ref _queries);
        while (seen < maxQueries)
        {
            int before = Interlocked.CompareExchange(ref _queries, seen + 1, seen);
            if (before == seen)
            {
                return true;
            }

            seen = before;
        }

        return false;
    }

    public bool TrySpendVerifications(int count) => Interlocked.Add(ref _verifications, count) <= maxVerifications;
}
