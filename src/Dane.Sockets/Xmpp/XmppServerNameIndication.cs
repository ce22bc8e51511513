namespace DaneSockets.Xmpp;

/// <summary>Which name an XMPP client puts in the TLS Server Name Indication extension (RFC 6066 §3).</summary>
public enum XmppServerNameIndication
{
    /// <summary>
    /// As RFC 7673 says: on a STARTTLS endpoint with a secure, usable TLSA RRset (DANE applies), the SRV target, which is the
    /// TLSA base domain (RFC 7673 §4.1, RFC 7671 §7); without usable DANE data, the service domain, as XMPP without DANE does
    /// (RFC 6120 §13.7.2.1). Direct-TLS endpoints always send the service domain (XEP-0368).
    /// </summary>
    Rfc7673 = 0,

    /// <summary>
    /// Always the service domain: for servers that choose the virtual host (and its certificate) by the service domain only
    /// and refuse a target name they do not host with an <c>unrecognized_name</c> alert.
    /// </summary>
    ServiceDomain = 1,

    /// <summary>Always the SRV target (the host connected to), on every endpoint.</summary>
    SrvTarget = 2,
}
