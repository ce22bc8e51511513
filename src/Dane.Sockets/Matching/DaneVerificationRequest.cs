using System.Security.Cryptography.X509Certificates;
using DnsSecure.Records;

namespace DaneSockets.Matching;

/// <summary>What to verify: a TLSA RRset, the chain the peer presented and the names it must carry.</summary>
/// <param name="Records">The TLSA RRset of the service (RFC 6698 §3), as validated by DNSSEC.</param>
/// <param name="Chain">The certificates the peer presented, leaf first (as from an <c>SslStream</c> callback or PEM files).</param>
/// <param name="ReferenceNames">Reference identifiers (RFC 6125 §6.2): the TLSA base domain, for SMTP also the MX host or
/// next-hop domain (RFC 7672 §3.2.2). Checked for DANE-TA(2), PKIX-TA(0) and PKIX-EE(1), and for DANE-EE(3) when
/// <see cref="DaneVerificationOptions.CheckDaneEeNames"/> is set. An empty list fails every name check.</param>
public sealed record DaneVerificationRequest(
    IReadOnlyList<TlsaRdata> Records,
    IReadOnlyList<X509Certificate2> Chain,
    IReadOnlyList<string> ReferenceNames)
{
    /// <summary>Verification options; <see cref="DaneVerificationOptions.Default"/> unless set.</summary>
    public DaneVerificationOptions Options { get; init; } = DaneVerificationOptions.Default;
}
