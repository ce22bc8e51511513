using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;

namespace DaneSockets.Smtp;

/// <summary>What DNS says about one MX host and how the client must protect a connection to it.</summary>
public sealed record SmtpMxPlan
{
    /// <summary>The MX host (the exchange of an MX record, or the domain itself when it has no MX RRset).</summary>
    public required DomainName Host { get; init; }

    /// <summary>The MX preference (0 for the implicit MX).</summary>
    public required ushort Preference { get; init; }

    /// <summary>How the connection must be protected.</summary>
    public required SmtpTlsLevel Level { get; init; }

    /// <summary>Why.</summary>
    public required SmtpPlanReason Reason { get; init; }

    /// <summary>Addresses and TLSA for the host, when they were looked up.</summary>
    public DaneTarget? Target { get; init; }

    /// <summary>The DNSSEC failure that made the host unusable, when there was one.</summary>
    public ValidationFailure? Failure { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"MX {Preference} {Host}: {Level} ({Reason})" + (Failure is null ? string.Empty : $" — {Failure}");
}
