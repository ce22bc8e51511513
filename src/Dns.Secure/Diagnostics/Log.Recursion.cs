using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Diagnostics;

/// <summary>Log events of iterative resolution and of the stub-to-recursive fallback.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1250, Level = LogLevel.Debug, Message = "Iteration {Question}: {Server} (zone {Zone}) refers to {Child}")]
    public static partial void Referral(ILogger logger, DnsQuestion question, IPEndPoint server, DomainName zone, DomainName child);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Debug, Message = "Iteration {Question}: {Server} (zone {Zone}) is lame or unusable: {Reason}")]
    public static partial void LameServer(ILogger logger, DnsQuestion question, IPEndPoint server, DomainName zone, string reason);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Debug, Message = "Iteration {Question} failed: {Reason}")]
    public static partial void IterationFailed(ILogger logger, DnsQuestion question, string reason);

    [LoggerMessage(EventId = 1253, Level = LogLevel.Warning, Message = "The upstream cannot deliver DNSSEC ({Reason}); for {Duration} it is asked last, and lookups no other upstream can answer iterate from the root")]
    public static partial void RecursiveFallback(ILogger logger, string reason, TimeSpan duration);

    [LoggerMessage(EventId = 1254, Level = LogLevel.Information, Message = "The upstream cannot deliver DNSSEC ({Reason}); recursive fallback is off, so {Question} is Indeterminate")]
    public static partial void UpstreamStripsDnssec(ILogger logger, DnsQuestion question, string reason);

    [LoggerMessage(EventId = 1255, Level = LogLevel.Information, Message = "Validation of {Question} failed ({Failure}); {Server} (zone {Zone}) is distrusted for {Duration} and the lookup is retried at another server")]
    public static partial void ServerDistrusted(ILogger logger, DnsQuestion question, Dnssec.ValidationFailure failure, IPEndPoint server, DomainName zone, TimeSpan duration);

    [LoggerMessage(EventId = 1256, Level = LogLevel.Debug, Message = "Iteration {Question}: {Server} (from {Name}) is not a unicast address we may query; skipped")]
    public static partial void AddressRefused(ILogger logger, DnsQuestion question, IPAddress server, DomainName name);
}
