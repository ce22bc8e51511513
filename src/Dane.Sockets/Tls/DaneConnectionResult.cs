using DaneSockets.Policy;
using DaneSockets.Tlsa;

namespace DaneSockets.Tls;

/// <summary>How a TLS connection was authenticated (or why it was refused): the DNS data, the match and the decision.</summary>
/// <param name="Target">What DNS said about the endpoint.</param>
/// <param name="Decision">The policy decision, with the matcher's result.</param>
public sealed record DaneConnectionResult(DaneTarget Target, DanePolicyDecision Decision)
{
    /// <summary>True when DANE (a matching secure TLSA record) authenticated the server.</summary>
    public bool IsAuthenticatedByDane => Decision.Decision == DaneDecision.AcceptDane;

    /// <summary>True when the connection was accepted (by DANE, or by PKIX where the policy allows it).</summary>
    public bool IsAccepted => Decision.Decision != DaneDecision.Reject;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Target.Host}:{Target.Port} TLSA {Target.TlsaOwner} [{Target.Tlsa.Outcome}]: {Decision}";
}
