using System.Net;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Diagnostics;

/// <summary>
/// Every log event of the assembly, source-generated. Per-query events are Debug, server trouble is Information,
/// authentication failures are Warning. Other areas add their events in further <c>Log.*.cs</c> parts.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Query {Question} to {Server} over {Protocol}")]
    public static partial void QuerySent(ILogger logger, DnsQuestion question, IPEndPoint server, DnsTransportProtocol protocol);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Trace, Message = "Ignored a packet from or for {Server}: {Reason}")]
    public static partial void ResponseIgnored(ILogger logger, EndPoint server, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Network error with {Server} over {Protocol}")]
    public static partial void NetworkError(ILogger logger, IPEndPoint server, DnsTransportProtocol protocol, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Truncated answer for {Question} from {Server}; retrying over TCP")]
    public static partial void TruncatedRetry(ILogger logger, DnsQuestion question, IPEndPoint server);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Server} rejects EDNS ({ResponseCode}); remembered, querying without it")]
    public static partial void EdnsUnsupported(ILogger logger, IPEndPoint server, ResponseCode responseCode);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Query {Question} to {Server} failed: {Outcome}")]
    public static partial void ServerFailed(ILogger logger, DnsQuestion question, IPEndPoint server, ExchangeOutcome outcome);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Query {Question} to {Server} answered {ResponseCode}; trying the next server")]
    public static partial void ServerErrorResponse(ILogger logger, DnsQuestion question, IPEndPoint server, ResponseCode responseCode);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "DNS-over-TLS server {Server} not authenticated: {Reason}")]
    public static partial void TlsAuthenticationFailed(ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Opened a {Protocol} connection to {Server}")]
    public static partial void ConnectionOpened(ILogger logger, IPEndPoint server, DnsTransportProtocol protocol);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Closed the {Protocol} connection to {Server}")]
    public static partial void ConnectionClosed(ILogger logger, IPEndPoint server, DnsTransportProtocol protocol);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Closing the idle {Protocol} connection to {Server}")]
    public static partial void ConnectionIdle(ILogger logger, IPEndPoint server, DnsTransportProtocol protocol);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Lookup {Question}: {Status} after {Attempts} attempt(s)")]
    public static partial void LookupCompleted(ILogger logger, DnsQuestion question, Resolution.LookupStatus status, int attempts);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Trace, Message = "Cache hit for {Question}")]
    public static partial void CacheHit(ILogger logger, DnsQuestion question);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Code after awaiting a DNS lookup kept the UDP event-loop thread {Milliseconds} ms (the last of several slow completions, after {Question}); every caller resumes on the thread pool for {Seconds} s. Code that blocks or computes after the await should use ContinueOnThreadPool or hop off (await Task.Yield())")]
    public static partial void LoopPaused(ILogger logger, long milliseconds, DnsQuestion question, long seconds);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "The UDP event-loop thread was held {Milliseconds} ms in one pass (completing {Question}); a fresh thread took the loop over. Code after awaiting a lookup must not block (a synchronous wait for another lookup would deadlock without this)")]
    public static partial void LoopRescued(ILogger logger, long milliseconds, DnsQuestion question);
}
