using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Results;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec;
using DnsSecure.Iana;

namespace DaneSockets.Tls;

/// <summary>
/// The certificate decision for one endpoint, usable from any TLS validation callback: DNS verdicts first (Bogus or
/// Indeterminate TLSA, or insecure addresses where required, refuse), then the matcher on the presented chain, then the policy.
/// The chain the runtime already built is reused; no second chain is built for DANE-EE.
/// </summary>
public static class DaneServerCertificateCheck
{
    /// <summary>Decides; returns the accepted result or throws <see cref="DaneAuthenticationException"/>.</summary>
    public static DaneConnectionResult Evaluate(DaneTarget target, DaneTlsOptions options, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors) =>
        Evaluate(target, options, leaf, chain, errors, runtimeChainTrustsNothing: false);

    /// <summary>
    /// As the public overload; <paramref name="runtimeChainTrustsNothing"/> says that the caller gave the runtime's chain
    /// build <see cref="DaneChainPolicy"/> itself, so <paramref name="errors"/> carries no PKIX verdict and a PKIX decision
    /// builds its own chain. Only the code that set the policy may say so: a policy that merely looks the same (a caller's
    /// "trust no root") keeps its meaning.
    /// </summary>
    internal static DaneConnectionResult Evaluate(DaneTarget target, DaneTlsOptions options, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors, bool runtimeChainTrustsNothing)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        TlsaLookupResult tlsa = EffectiveTlsa(target, options);
        DaneVerificationResult? verification = null;
        if (tlsa.Outcome == TlsaLookupOutcome.SecureUsable && leaf is not null)
        {
            var presented = new List<X509Certificate2> { leaf };

            // RFC 7671 §5.1: DANE-EE(3) is matched against the end-entity certificate alone, so when every record is DANE-EE the
            // issuers are not collected.
            bool issuersCanMatter = tlsa.Records.Any(r => r.Usage != TlsaCertificateUsage.DaneEe);
            if (chain is not null && issuersCanMatter)
            {
                // What the server sent (SslStream puts it in the chain policy's extra store). RFC 7671 §5.2.2: a DANE-TA(2)
                // anchor is a certificate the server sent or one the TLSA record carries, so with only DANE usages the
                // runtime's chain elements (system-store or downloaded issuers) are not candidates. With PKIX usages they
                // are: the matcher verifies every link, so an issuer it did not get from the server is still checked.
                IEnumerable<X509Certificate2> candidates = DaneChainPolicy.AppliesTo(tlsa)
                    ? chain.ChainPolicy.ExtraStore
                    : chain.ChainPolicy.ExtraStore.Concat(chain.ChainElements.Select(e => e.Certificate));
                foreach (X509Certificate2 candidate in candidates)
                {
                    if (!presented.Exists(p => p.RawDataMemory.Span.SequenceEqual(candidate.RawDataMemory.Span)))
                    {
                        presented.Add(candidate);
                    }
                }
            }

            var names = target.ReferenceNames.AddRange(options.AdditionalReferenceNames);
            verification = DaneMatcher.Verify(new DaneVerificationRequest(tlsa.Records, presented, names)
            {
                Options = new DaneVerificationOptions
                {
                    Profile = options.Profile,
                    TimeProvider = options.TimeProvider,
                    PkixTrustStore = options.PkixTrustStore,
                    CheckDaneEeNames = options.CheckDaneEeNames,
                },
            });
        }

        DanePolicyDecision decision = DanePolicyEvaluator.Decide(options.Policy, tlsa, verification);
        if (decision.Decision == DaneDecision.AcceptPkix && (leaf is null || !PassesPkix(leaf, chain, errors, options, runtimeChainTrustsNothing)))
        {
            // The PKIX fallback is ordinary PKIX: the runtime's own chain and name checks must have passed.
            decision = decision with { Decision = DaneDecision.Reject };
        }

        var result = new DaneConnectionResult(target, decision);
        return result.IsAccepted ? result : throw new DaneAuthenticationException(result);
    }

    /// <summary>The TLSA result the decision uses: with <see cref="DaneTlsOptions.RequireSecureAddresses"/> and addresses
    /// that are not secure, a secure TLSA RRset counts as insecure.</summary>
    internal static TlsaLookupResult EffectiveTlsa(DaneTarget target, DaneTlsOptions options)
    {
        TlsaLookupResult tlsa = target.Tlsa;
        if (options.RequireSecureAddresses && target.AddressStatus != DnssecStatus.Secure && tlsa.Outcome is TlsaLookupOutcome.SecureUsable or TlsaLookupOutcome.SecureAllUnusable)
        {
            // RFC 7672 §2.2.2: TLSA applies only when the addresses are secure; otherwise treat as no TLSA.
            return new TlsaLookupResult(TlsaLookupOutcome.Insecure, []);
        }

        return tlsa;
    }

    private static bool PassesPkix(X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors, DaneTlsOptions options, bool runtimeChainTrustsNothing)
    {
        // A runtime chain built under DaneChainPolicy (Dane.Http gives it to every connection of an endpoint, since one
        // SocketsHttpHandler has one set of TLS options) was checked against no trust store: its verdict is not PKIX.
        if (errors == SslPolicyErrors.None && !runtimeChainTrustsNothing)
        {
            return true;
        }

        // Only chain errors may be cured by building the chain again: a name mismatch or a missing certificate never is.
        if (errors is not (SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateChainErrors)
            || (!runtimeChainTrustsNothing && options.PkixTrustStore.IsDefaultOrEmpty))
        {
            return false;
        }

        // Ordinary PKIX, as the runtime would have done it: the caller's trust store when given, else the system's (with the
        // runtime's default issuer downloads), revocation not checked (SslStream's default), at the injected clock's time,
        // and the certificate must be good for TLS server authentication (RFC 5280 §4.2.1.12), as SslStream requires.
        using var pkix = new X509Chain();
        pkix.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        pkix.ChainPolicy.VerificationTime = options.TimeProvider.GetUtcNow().UtcDateTime;
        pkix.ChainPolicy.ApplicationPolicy.Add(PkixPath.ServerAuthentication());
        if (!options.PkixTrustStore.IsDefaultOrEmpty)
        {
            pkix.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            pkix.ChainPolicy.CustomTrustStore.AddRange(options.PkixTrustStore.ToArray());
        }

        if (chain is not null)
        {
            pkix.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return pkix.Build(leaf);
    }
}
