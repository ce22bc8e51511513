using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DnsSecure.Iana;

namespace DaneSockets.Tls;

/// <summary>
/// The chain policy the runtime's own X.509 chain build gets when the TLSA RRset alone decides the connection: a secure,
/// usable RRset whose records are all DANE-TA(2) or DANE-EE(3). With such a set the runtime's PKIX verdict is never
/// consulted (RFC 7671 §4 and RFC 7672 §2.2: with usable TLSA records PKIX is no rescue; RFC 7671 §5: the trust anchor
/// comes from DNS), so the runtime builds against no trust store at all, never downloads issuers named by an
/// authority-information-access URL (a request to a host named by an unauthenticated certificate, during the handshake)
/// and never checks revocation. The certificates the DANE check reads are then exactly the ones the server sent
/// (RFC 7671 §5.2.2). The system-trust build this replaces cost ≈ 0.4–0.5 ms more per handshake on Linux, whether or not
/// the chain ends in a trusted root (docs/benchmarks.md, "Handshake ratio, wave 5").
/// </summary>
internal static class DaneChainPolicy
{
    /// <summary>True when <paramref name="tlsa"/> (after <see cref="DaneServerCertificateCheck.EffectiveTlsa"/>) is secure,
    /// usable and made of DANE-TA(2) and DANE-EE(3) records only.</summary>
    public static bool AppliesTo(TlsaLookupResult tlsa)
    {
        ArgumentNullException.ThrowIfNull(tlsa);
        if (tlsa.Outcome != TlsaLookupOutcome.SecureUsable || tlsa.Records.IsEmpty)
        {
            return false;
        }

        foreach (var record in tlsa.Records)
        {
            if (record.Usage is not (TlsaCertificateUsage.DaneTa or TlsaCertificateUsage.DaneEe))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new (mutable) policy for one handshake: no trust store, no downloads, no revocation checks.</summary>
    public static X509ChainPolicy Create() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
    };
}
