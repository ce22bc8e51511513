using System.Collections.Immutable;
using System.Net;
using DaneSockets.Tls;

namespace DaneSockets.Smtp;

/// <summary>What happened with one MX host: the plan, the connection's outcome and, for a delivery, whether the message was accepted.</summary>
public sealed record SmtpMxReport
{
    /// <summary>What DNS said and the level that applied.</summary>
    public required SmtpMxPlan Plan { get; init; }

    /// <summary>How the connection ended.</summary>
    public required SmtpMxStatus Status { get; init; }

    /// <summary>One line on why.</summary>
    public required string Detail { get; init; }

    /// <summary>The address connected to, when a connection was made.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>The DANE verdict, when a DANE handshake was attempted (accepted or refused).</summary>
    public DaneConnectionResult? Dane { get; init; }

    /// <summary>True when the server accepted the message (250 after the end of DATA).</summary>
    public bool Delivered { get; init; }

    /// <summary>The SMTP lines exchanged ("C: …", "S: …"; the TLS handshake appears as a note).</summary>
    public ImmutableArray<string> Transcript { get; init; } = [];

    /// <summary>True when the session reached a usable state under the plan's level (authenticated, encrypted or allowed plaintext).</summary>
    public bool IsUsable => Status is SmtpMxStatus.DaneAuthenticated or SmtpMxStatus.Encrypted or SmtpMxStatus.Plaintext or SmtpMxStatus.PlaintextAfterTlsFailure;

    /// <inheritdoc/>
    public override string ToString() =>
        $"MX {Plan.Preference} {Plan.Host.ToString().TrimEnd('.')}{(Address is null ? string.Empty : " [" + Address + "]")}: {Status}{(Delivered ? ", delivered" : string.Empty)} — {Detail}";
}
