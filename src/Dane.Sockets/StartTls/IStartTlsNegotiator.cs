namespace DaneSockets.StartTls;

/// <summary>
/// One protocol's plaintext prelude to TLS (SMTP, XMPP, IMAP, POP3 …): reads the greeting, asks the server to start TLS and
/// returns once the next bytes on the stream must be the client's TLS handshake. Adding a protocol means implementing this
/// interface; the connector does the DANE-authenticated handshake afterwards.
/// </summary>
public interface IStartTlsNegotiator
{
    /// <summary>The protocol's short name as used on command lines and in logs ("smtp", "xmpp-client", "imap", "pop3").</summary>
    string Protocol { get; }

    /// <summary>Runs the plaintext exchange up to the TLS handshake.</summary>
    /// <param name="stream">A connected plaintext stream to the server.</param>
    /// <param name="request">Who the client is and which domain it wants.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Whether the server agreed to start TLS, with what it said; a refusal is a result, not an exception.</returns>
    ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default);
}
