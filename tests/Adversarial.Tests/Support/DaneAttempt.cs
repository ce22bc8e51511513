using DaneSockets.Tls;

namespace Adversarial.Tests.Support;

/// <summary>The end of one DANE connection attempt: accepted (with how), refused by DANE (with why), or another failure.</summary>
internal sealed record DaneAttempt(DaneConnectionResult? Accepted, DaneAuthenticationException? Refused, Exception? Other)
{
    public bool IsRefusedByDane => Refused?.Result is not null;

    public static async Task<DaneAttempt> ConnectAsync(DaneTlsConnector connector, string host, int port, DaneTlsOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await using DaneConnection connection = await connector.ConnectAsync(host, port, options, timeout.Token);
            return new DaneAttempt(connection.Result, null, null);
        }
        catch (Exception e) when (e.FindInner<DaneAuthenticationException>() is { } dane)
        {
            return new DaneAttempt(null, dane, e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !timeout.IsCancellationRequested)
        {
            return new DaneAttempt(null, null, e);
        }
    }

    public override string ToString() =>
        Accepted is not null ? "accepted: " + Accepted.Decision
        : Refused?.Result is not null ? "refused: " + Refused.Result.Decision
        : "failed: " + (Refused?.Message ?? Other?.GetType().Name + " " + Other?.Message);
}
