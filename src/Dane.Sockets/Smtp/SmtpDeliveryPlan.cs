using System.Collections.Immutable;
using DnsSecure;
using DnsSecure.Dnssec;

namespace DaneSockets.Smtp;

/// <summary>
/// The DNS side of delivering to a domain under RFC 7672: the validated MX RRset (or the implicit MX of RFC 5321 §5.1) and one
/// <see cref="SmtpMxPlan"/> per MX host, in the order they are to be tried (lowest preference first).
/// </summary>
public sealed record SmtpDeliveryPlan
{
    /// <summary>The next-hop domain (the recipient's mail domain).</summary>
    public required DomainName Domain { get; init; }

    /// <summary>The DNSSEC status of the MX lookup.</summary>
    public required DnssecStatus MxStatus { get; init; }

    /// <summary>Why the MX lookup was not secure, when it was not.</summary>
    public ValidationFailure? MxFailure { get; init; }

    /// <summary>True when the domain has no MX RRset and the domain itself is the MX host (RFC 5321 §5.1).</summary>
    public bool IsImplicitMx { get; init; }

    /// <summary>Set when the domain as a whole cannot be delivered to (bogus or failed MX lookup, null MX, no such domain).</summary>
    public SmtpPlanReason? Undeliverable { get; init; }

    /// <summary>The MX hosts in the order they are to be tried.</summary>
    public ImmutableArray<SmtpMxPlan> Hosts { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() =>
        Undeliverable is { } reason ? $"{Domain}: undeliverable ({reason}; MX {MxStatus})" : $"{Domain}: {Hosts.Length} MX host(s), MX {MxStatus}";
}
