namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// Where the validator gets its messages: the seam between validation and transport. The stub source asks a recursive
/// server with DO=1 and CD=1; an iterative resolver or a replay file in a test are other sources. A source returns what it
/// got; it does not judge DNSSEC.
/// </summary>
public interface IDnssecDataSource
{
    /// <summary>Asks one question with DNSSEC records wanted (DO) and checking disabled (CD).</summary>
    ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default);
}
