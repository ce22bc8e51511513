using DaneSockets.Results;

namespace DaneSockets.Policy;

/// <summary>The decision for one connection and why.</summary>
/// <param name="Decision">Accept via DANE, accept via PKIX, or reject.</param>
/// <param name="Reason">Why.</param>
/// <param name="Policy">The policy that was applied.</param>
/// <param name="Lookup">The TLSA lookup outcome that was applied.</param>
/// <param name="Verification">The matcher's result, when it was consulted.</param>
public sealed record DanePolicyDecision(
    DaneDecision Decision,
    DaneDecisionReason Reason,
    DanePolicy Policy,
    TlsaLookupOutcome Lookup,
    DaneVerificationResult? Verification)
{
    /// <summary>True when the connection may proceed without further checks (<see cref="DaneDecision.AcceptDane"/>).</summary>
    public bool IsAuthenticatedByDane => Decision == DaneDecision.AcceptDane;

    /// <inheritdoc/>
    public override string ToString()
    {
        string text = $"{Decision} ({Reason}; policy {Policy}, TLSA lookup {Lookup})";
        return Verification is null ? text : text + ": " + Verification.Detail;
    }
}
