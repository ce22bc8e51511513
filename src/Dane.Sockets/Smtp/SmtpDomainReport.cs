using System.Collections.Immutable;

namespace DaneSockets.Smtp;

/// <summary>The per-MX result of checking (or delivering to) a domain.</summary>
/// <param name="Plan">The DNS side: MX hosts and their levels.</param>
/// <param name="Hosts">One report per MX host tried or skipped, in order.</param>
public sealed record SmtpDomainReport(SmtpDeliveryPlan Plan, ImmutableArray<SmtpMxReport> Hosts)
{
    /// <summary>The host that accepted the message, for a delivery that succeeded.</summary>
    public SmtpMxReport? DeliveredBy => Hosts.FirstOrDefault(h => h.Delivered);
}
