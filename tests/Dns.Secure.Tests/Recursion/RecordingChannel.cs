using System.Collections.Concurrent;
using System.Net;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Recursion;

namespace DnsSecure.Tests.Recursion;

/// <summary>
/// Wraps a channel and records every query sent (question as sent, server); an optional rewrite changes replies on the
/// way back, as an on-path attacker or a broken server would.
/// </summary>
internal sealed class RecordingChannel(IAuthoritativeChannel inner, Func<DnsMessage, IPEndPoint, DnsMessage>? rewrite = null) : IAuthoritativeChannel
{
    private readonly ConcurrentQueue<(DnsQuestion Question, IPEndPoint Server)> _sent = new();

    public IReadOnlyList<(DnsQuestion Question, IPEndPoint Server)> Sent => [.. _sent];

    public void Clear() => _sent.Clear();

    public async ValueTask<DataSourceResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue((query.Question, server));
        DataSourceResponse response = await inner.ExchangeAsync(query, server, cancellationToken);
        return rewrite is not null && response.HasMessage ? DataSourceResponse.FromMessage(rewrite(response.Message, server)) : response;
    }

    public int CountTo(IPEndPoint server) => Sent.Count(s => s.Server.Equals(server));
}
