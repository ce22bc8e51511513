namespace DnsSecure.Transport;

/// <summary>The result of one query to one server: an outcome and, for <see cref="ExchangeOutcome.Response"/>, the message.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Response">The matching response, when there is one.</param>
internal readonly record struct ExchangeResult(ExchangeOutcome Outcome, DnsMessage? Response)
{
    public static ExchangeResult Timeout => new(ExchangeOutcome.Timeout, null);

    public static ExchangeResult From(DnsMessage response) => new(ExchangeOutcome.Response, response);

    public static ExchangeResult Failure(ExchangeOutcome outcome) => new(outcome, null);
}
