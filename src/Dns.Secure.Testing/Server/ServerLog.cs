using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Testing.Server;

/// <summary>The test server's log events.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Authoritative test server listening on {EndPoint} (UDP and TCP) with {ZoneCount} zone(s)")]
    public static partial void Started(ILogger logger, IPEndPoint endPoint, int zoneCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Transport} query from {Remote}: {Length} octets, reply {ReplyLength} octets")]
    public static partial void Query(ILogger logger, ServerTransport transport, EndPoint? remote, int length, int replyLength);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Transport} receive failed")]
    public static partial void ReceiveFailed(ILogger logger, ServerTransport transport, Exception exception);
}
