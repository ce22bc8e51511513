using DnsSecure;

namespace DaneSockets.Xmpp;

/// <summary>One place to connect to for an XMPP service: an SRV target and port, or the domain itself when there is no SRV.</summary>
/// <param name="Host">The SRV target (or the service domain in the no-SRV fallback).</param>
/// <param name="Port">The port from the SRV record (or 5222 / 5269).</param>
/// <param name="DirectTls">True for <c>_xmpps-*</c> records (RFC 7590 §3.2.1, XEP-0368): TLS from the first octet, no STARTTLS.</param>
/// <param name="Priority">The SRV priority (lower first, RFC 2782).</param>
/// <param name="Weight">The SRV weight (relative chance among equal priorities, RFC 2782).</param>
/// <param name="IsSecure">True when the SRV RRset that named this target was DNSSEC-secure (RFC 7673 §3.1); the fallback is secure when the SRV absence was.</param>
public sealed record XmppEndpoint(DomainName Host, int Port, bool DirectTls, ushort Priority, ushort Weight, bool IsSecure)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Host.ToString().TrimEnd('.')}:{Port}{(DirectTls ? " (direct TLS)" : string.Empty)}";
}
