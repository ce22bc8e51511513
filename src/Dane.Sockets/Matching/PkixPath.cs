using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace DaneSockets.Matching;

/// <summary>A PKIX path built and validated by <see cref="X509Chain"/> for the PKIX-constrained usages (RFC 6698 §2.1.1):
/// no network access (no AIA fetching, no revocation), validity judged at the injected clock's time.</summary>
internal sealed class PkixPath
{
    private PkixPath(bool isValid, ImmutableArray<X509Certificate2> certificates, string status)
    {
        IsValid = isValid;
        Certificates = certificates;
        Status = status;
    }

    public bool IsValid { get; }

    /// <summary>The path, leaf first; the trust anchor last when the path is complete.</summary>
    public ImmutableArray<X509Certificate2> Certificates { get; }

    public string Status { get; }

    /// <summary>id-kp-serverAuth (RFC 5280 §4.2.1.12), the purpose every PKIX chain of a TLS server is built for (a new
    /// object each time: an <see cref="System.Security.Cryptography.Oid"/> is mutable).</summary>
    public static System.Security.Cryptography.Oid ServerAuthentication() => new("1.3.6.1.5.5.7.3.1");

    public static PkixPath Build(X509Certificate2 leaf, List<X509Certificate2> extra, DaneVerificationOptions options)
    {
        using var chain = new X509Chain();
        X509ChainPolicy policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = options.TimeProvider.GetUtcNow().UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ExtraStore.AddRange(extra.ToArray());

        // RFC 6698 §2.1.1: PKIX-TA and PKIX-EE need the path a TLS client would accept, which includes the leaf being good
        // for server authentication (RFC 5280 §4.2.1.12), as SslStream's own build requires.
        policy.ApplicationPolicy.Add(ServerAuthentication());
        if (!options.PkixTrustStore.IsDefaultOrEmpty)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(options.PkixTrustStore.ToArray());
        }

        bool valid = chain.Build(leaf);
        var certificates = ImmutableArray.CreateBuilder<X509Certificate2>(chain.ChainElements.Count);
        foreach (X509ChainElement element in chain.ChainElements)
        {
            certificates.Add(element.Certificate);
        }

        var status = new List<string>();
        foreach (X509ChainStatus s in chain.ChainStatus)
        {
            status.Add(s.Status.ToString());
        }

        return new PkixPath(valid, certificates.MoveToImmutable(), valid ? "valid" : string.Join(", ", status));
    }
}
