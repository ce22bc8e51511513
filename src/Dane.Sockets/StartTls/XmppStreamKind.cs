namespace DaneSockets.StartTls;

/// <summary>Which XMPP stream is opened: a client-to-server or a server-to-server stream (RFC 6120 §4.8.2).</summary>
public enum XmppStreamKind
{
    /// <summary>Client-to-server: content namespace <c>jabber:client</c>, SRV service <c>xmpp-client</c>, port 5222.</summary>
    Client = 0,

    /// <summary>Server-to-server: content namespace <c>jabber:server</c>, SRV service <c>xmpp-server</c>, port 5269.</summary>
    Server = 1,
}
