using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// One of our data sources: library callers ask it through <see cref="QueryOnLoopAsync"/>, whose result may complete on a
/// UDP loop thread (the caller continues there, inline); its public <c>QueryAsync</c> leaves the loop before completing.
/// </summary>
internal interface ILoopInlineSource
{
    /// <summary>Like <see cref="IDnssecDataSource.QueryAsync"/>, but may complete on a loop thread.</summary>
    ValueTask<DataSourceResponse> QueryOnLoopAsync(DnsQuestion question, CancellationToken cancellationToken);
}
