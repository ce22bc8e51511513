namespace DnsSecure.Dnssec.Chain;

/// <summary>The work one lookup may do before it fails closed: upstream queries and signature verifications.</summary>
internal sealed class WorkBudget(int maxQueries, int maxVerifications)
{
    private int _queries;
    private int _verifications;

    public int Queries => _queries;

    public int Verifications => _verifications;

    public bool TrySpendQuery() => Interlocked.Increment(ref _queries) <= maxQueries;

    public bool TrySpendVerifications(int count) => Interlocked.Add(ref _verifications, count) <= maxVerifications;
}
