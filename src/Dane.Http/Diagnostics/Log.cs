using DaneSockets.Policy;
using DaneSockets.Tls;
using Microsoft.Extensions.Logging;

namespace DaneHttp.Diagnostics;

/// <summary>
/// Every log event of the assembly, source-generated. TLSA lookups are Debug, accepted connections Debug (PKIX
/// fallback) or Information (DANE), refusals and bogus DNS data Warning.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "TLSA lookup for {Host}:{Port}: {Outcome} ({RecordCount} usable records, TTL {Ttl})")]
    public static partial void TlsaLookedUp(ILogger logger, string host, int port, TlsaLookupOutcome outcome, int recordCount, TimeSpan ttl);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "TLSA data for {Host}:{Port} is bogus: {Failure}")]
    public static partial void TlsaBogus(ILogger logger, string host, int port, string failure);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "DANE authenticated {Host}:{Port}: {Result}")]
    public static partial void DaneAccepted(ILogger logger, string host, int port, DaneConnectionResult result);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "{Host}:{Port} accepted by PKIX (no usable secure TLSA): {Result}")]
    public static partial void PkixAccepted(ILogger logger, string host, int port, DaneConnectionResult result);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Refused {Host}:{Port}: {Reason}")]
    public static partial void Refused(ILogger logger, string host, int port, string reason);
}
