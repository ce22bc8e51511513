using System.Collections.Immutable;
using System.Net.Security;
using DaneSockets.StartTls;
using DaneSockets.Tls;

namespace DaneSockets.Xmpp;

/// <summary>
/// A DANE-authenticated XMPP transport: the TLS stream (after STARTTLS the client opens a new XML stream on it, RFC 6120
/// §5.4.3.3), the endpoint that won and what happened at every endpoint tried before.
/// </summary>
public sealed class XmppConnection : IAsyncDisposable, IDisposable
{
    internal XmppConnection(DaneConnection connection, XmppServiceLocation location, XmppAttempt winner, ImmutableArray<XmppAttempt> attempts)
    {
        Connection = connection;
        Location = location;
        Endpoint = winner.Endpoint;
        StartTls = winner.StartTls;
        Attempts = attempts;
    }

    /// <summary>The TLS connection and how it was authenticated.</summary>
    public DaneConnection Connection { get; }

    /// <summary>The TLS stream.</summary>
    public SslStream Stream => Connection.Stream;

    /// <summary>The DANE decision for the connected endpoint.</summary>
    public DaneConnectionResult Result => Connection.Result;

    /// <summary>The SRV answer the endpoints came from.</summary>
    public XmppServiceLocation Location { get; }

    /// <summary>The endpoint connected to.</summary>
    public XmppEndpoint Endpoint { get; }

    /// <summary>The STARTTLS exchange, or null for a direct-TLS endpoint.</summary>
    public StartTlsOutcome? StartTls { get; }

    /// <summary>Every endpoint tried, in order; the last one is the connected endpoint.</summary>
    public ImmutableArray<XmppAttempt> Attempts { get; }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Connection.Dispose();
}
