using System.Net;
using DnsSecure.Diagnostics;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSecure.Recursion;

/// <summary>
/// The production <see cref="IAuthoritativeChannel"/>: one query over UDP from a fresh port with a fresh random ID
/// (RFC 5452), retried over TCP when the answer is truncated (RFC 7766 §5), within
/// <see cref="IterativeResolverOptions.QueryTimeout"/> per transport.
/// </summary>
public sealed class NetworkAuthoritativeChannel : IAuthoritativeChannel, IAsyncDisposable
{
    private readonly UdpTransport _udp;
    private readonly StreamTransport _tcp;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    /// <summary>Creates a channel with the timeout of <paramref name="options"/> (default 1.5 s).</summary>
    /// <param name="options">Settings; only <see cref="IterativeResolverOptions.QueryTimeout"/> is used here.</param>
    /// <param name="timeProvider">Clock for deadlines; the system clock when null.</param>
    /// <param name="logger">Where per-query events go; nowhere when null.</param>
    public NetworkAuthoritativeChannel(IterativeResolverOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        IterativeResolverSettings settings = (options ?? new IterativeResolverOptions()).ToSettings();
        _timeout = settings.QueryTimeout;
        _logger = logger ?? NullLogger.Instance;
        var transport = new TransportSettings
        {
            TimeProvider = timeProvider ?? TimeProvider.System,
            Logger = _logger,
            TcpIdleTimeout = TimeSpan.FromSeconds(5),
        };
        _udp = new UdpTransport(transport);
        _tcp = new StreamTransport(transport);
    }

    /// <inheritdoc/>
    public ValueTask<DataSourceResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken = default) =>
        Transport.EventLoop.LoopEscape.Leave(ExchangeOnLoopAsync(query, server, cancellationToken), continueOnThreadPool: false); // the caller may resume on the UDP loop thread (LoopEscape)

    /// <summary>The exchange for library callers: may complete on a UDP loop thread (they continue there, inline).</summary>
    internal async ValueTask<DataSourceResponse> ExchangeOnLoopAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        DnsQuestion question = query.Question;
        Log.QuerySent(_logger, question, server, DnsTransportProtocol.Udp);
        ExchangeResult result = await _udp.ExchangeAsync(query, server, _timeout, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == ExchangeOutcome.Response && result.Response!.Truncated)
        {
            // RFC 7766 §5: a truncated UDP answer is asked again over TCP.
            Log.TruncatedRetry(_logger, question, server);
            result = await _tcp.ExchangeAsync(query, new NameServer(server, DnsTransportProtocol.Tcp), _timeout, cancellationToken).ConfigureAwait(false);
        }

        return result.Outcome switch
        {
            ExchangeOutcome.Response => DataSourceResponse.FromMessage(result.Response!),
            ExchangeOutcome.Timeout => DataSourceResponse.Failed($"{server} did not answer within {_timeout.TotalMilliseconds} ms"),
            _ => DataSourceResponse.Failed($"{server}: {result.Outcome}"),
        };
    }

    /// <summary>Closes the TCP connections kept open for reuse.</summary>
    public ValueTask DisposeAsync() => _tcp.DisposeAsync();
}
