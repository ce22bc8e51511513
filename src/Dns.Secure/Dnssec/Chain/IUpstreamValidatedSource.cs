namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// A message source that can also ask its upstream to validate (CD clear) and say whether that upstream may be believed:
/// the seam of the optional trust-AD mode (<see cref="Resolution.ValidatingResolverOptions.TrustUpstreamAuthenticatedData"/>).
/// </summary>
internal interface IUpstreamValidatedSource
{
    /// <summary>
    /// Asks <paramref name="question"/> with DO set and CD clear. Returns the response only when its AD bit is set and the
    /// server that sent it is trusted (<see cref="UpstreamTrust.IsTrusted"/>); otherwise null, and the caller validates.
    /// </summary>
    ValueTask<DnsMessage?> QueryTrustedAsync(DnsQuestion question, CancellationToken cancellationToken);
}
