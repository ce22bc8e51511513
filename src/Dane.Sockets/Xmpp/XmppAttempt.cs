using DaneSockets.StartTls;
using DaneSockets.Tls;

namespace DaneSockets.Xmpp;

/// <summary>The outcome of trying one endpoint.</summary>
/// <param name="Endpoint">The endpoint tried.</param>
/// <param name="Stage">How far it got (<see cref="XmppAttemptStage.Connected"/> for the winner).</param>
/// <param name="Detail">Why it stopped there, in one line.</param>
/// <param name="Dane">The DANE decision (accepted or refused) when DNS or the certificate check decided.</param>
/// <param name="StartTls">The STARTTLS exchange, for STARTTLS endpoints that got that far.</param>
public sealed record XmppAttempt(XmppEndpoint Endpoint, XmppAttemptStage Stage, string Detail, DaneConnectionResult? Dane = null, StartTlsOutcome? StartTls = null)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Endpoint}: {Stage}: {Detail}";
}
