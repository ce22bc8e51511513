using DaneSockets.StartTls;
using DaneSockets.Tls;

namespace DaneSockets.Xmpp;

/// <summary>How <see cref="XmppDaneConnector"/> finds and connects to an XMPP service.</summary>
public sealed record XmppConnectOptions
{
    /// <summary>The defaults: client streams, DANE required, direct TLS and STARTTLS endpoints.</summary>
    public static XmppConnectOptions Default { get; } = new();

    /// <summary>Client-to-server or server-to-server.</summary>
    public XmppStreamKind Kind { get; init; } = XmppStreamKind.Client;

    /// <summary>The TLS and DANE settings (policy, timeouts, client certificates …) used for every endpoint.</summary>
    public DaneTlsOptions Tls { get; init; } = DaneTlsOptions.Default;

    /// <summary>Limits of the plaintext STARTTLS exchange.</summary>
    public XmppStartTlsOptions StartTls { get; init; } = XmppStartTlsOptions.Default;

    /// <summary>Also use <c>_xmpps-*</c> direct-TLS endpoints (RFC 7590, XEP-0368).</summary>
    public bool UseDirectTls { get; init; } = true;

    /// <summary>
    /// The TLS SNI name. Default <see cref="XmppServerNameIndication.Rfc7673"/>: the SRV target when DANE applies (RFC 7673
    /// §4.1), else the service domain; reference identifiers are the same in every mode (the target and the service domain,
    /// RFC 7673 §4.2). A <see cref="DaneTlsOptions.ServerName"/> set in <see cref="Tls"/> overrides it.
    /// </summary>
    public XmppServerNameIndication ServerNameIndication { get; init; } = XmppServerNameIndication.Rfc7673;

    /// <summary>For server streams, the initiating server's own domain (the stream's <c>from</c>, RFC 6120 §4.7.1).</summary>
    public string? LocalDomain { get; init; }

    /// <summary>The RFC 2782 weighted choice among equal priorities; null for <see cref="System.Random.Shared"/>.</summary>
    public Random? Random { get; init; }
}
