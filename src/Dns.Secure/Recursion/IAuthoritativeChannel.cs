using System.Net;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Recursion;

/// <summary>
/// The network as an iterative resolver sees it: one query to one authoritative server address, and that server's
/// reply or the reason there is none. The production channel speaks UDP and falls back to TCP on truncation; tests put a
/// private root on loopback or a replay of recorded servers behind the same interface.
/// </summary>
public interface IAuthoritativeChannel
{
    /// <summary>Sends <paramref name="query"/> to <paramref name="server"/> and returns its reply, or why there is none.</summary>
    /// <param name="query">The query as the iterator built it (RD clear; EDNS with DO set when DNSSEC data is wanted).</param>
    /// <param name="server">The authoritative server's address and port.</param>
    /// <param name="cancellationToken">Cancels the exchange; the only way this method throws, apart from caller bugs.</param>
    ValueTask<DataSourceResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken = default);
}
