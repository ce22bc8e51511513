using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Policy;

namespace DaneSockets.Tls;

/// <summary>How one DANE-authenticated TLS connection is made.</summary>
public sealed record DaneTlsOptions
{
    /// <summary>The defaults: DANE required, generic profile.</summary>
    public static DaneTlsOptions Default { get; } = new();

    /// <summary>Required (no secure usable TLSA → refuse) or Opportunistic (proven absent or insecure → ordinary PKIX).</summary>
    public DanePolicy Policy { get; init; } = DanePolicy.Required;

    /// <summary>The protocol profile; <see cref="DaneProfile.Smtp"/> applies RFC 7672 (usages 0 and 1 unusable).</summary>
    public DaneProfile Profile { get; init; } = DaneProfile.Generic;

    /// <summary>Use TLSA only when the host's A/AAAA RRsets are secure (RFC 7672 §2.2 for SMTP; a switch for other protocols).</summary>
    public bool RequireSecureAddresses { get; init; }

    /// <summary>Also check names for DANE-EE matches (RFC 7671 §5.1 says not to; OpenSSL does by default).</summary>
    public bool CheckDaneEeNames { get; init; }

    /// <summary>Extra reference identifiers (e.g. the SMTP next-hop domain, RFC 7672 §3.2.2).</summary>
    public ImmutableArray<string> AdditionalReferenceNames { get; init; } = [];

    /// <summary>Trust anchors for PKIX-TA/PKIX-EE and for the PKIX fallback; empty means the system store.</summary>
    public ImmutableArray<X509Certificate2> PkixTrustStore { get; init; } = [];

    /// <summary>The TLS SNI name; null for the TLSA base domain (RFC 7671 §7). XMPP sends its service domain (XEP-0368 §3).</summary>
    public string? ServerName { get; init; }

    /// <summary>ALPN protocols to offer.</summary>
    public ImmutableArray<SslApplicationProtocol> ApplicationProtocols { get; init; } = [];

    /// <summary>Client certificates to present.</summary>
    public X509CertificateCollection? ClientCertificates { get; init; }

    /// <summary>TLS versions allowed; None lets the system decide.</summary>
    public SslProtocols EnabledSslProtocols { get; init; } = SslProtocols.None;

    /// <summary>Time limit for the TCP connection and TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Happy Eyeballs timing.</summary>
    public HappyEyeballsOptions HappyEyeballs { get; init; } = HappyEyeballsOptions.Default;

    /// <summary>Clock for certificate dates.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
