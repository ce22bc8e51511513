namespace DaneSockets.StartTls;

/// <summary>
/// What one line-based protocol says in the STARTTLS prelude RFC 2595 describes for IMAP and POP3: the greeting it accepts,
/// how it asks for and reads the capability list, and how it asks for TLS and reads the answer.
/// <see cref="LineStartTlsExchange"/> runs the shared exchange (order, transcript, limits, the command-injection check and the
/// error handling), so a protocol says only what differs.
/// </summary>
internal abstract class LineStartTlsDialect
{
    /// <summary>The capability that announces TLS ("STARTTLS", "STLS"), for reports.</summary>
    public abstract string TlsCapability { get; }

    /// <summary>Where the capability list comes from ("the CAPABILITY response", "the CAPA list"), for reports.</summary>
    public abstract string CapabilityList { get; }

    /// <summary>The command that asks for the capability list.</summary>
    public abstract string CapabilityCommand { get; }

    /// <summary>The command that asks the server to start TLS.</summary>
    public abstract string StartTlsCommand { get; }

    /// <summary>True when the greeting lets the client go on.</summary>
    public abstract bool AcceptsGreeting(string greeting);

    /// <summary>Reads the answer to <see cref="CapabilityCommand"/>: a refusal, or whether TLS is offered.</summary>
    /// <exception cref="StartTlsProtocolException">The answer is malformed or too long.</exception>
    public abstract ValueTask<(string? Refusal, bool Offered)> ReadCapabilitiesAsync(StartTlsLineReader reader, CancellationToken cancellationToken);

    /// <summary>Reads the answer to <see cref="StartTlsCommand"/>: whether it is the go-ahead, and what it said.</summary>
    /// <exception cref="StartTlsProtocolException">The answer is malformed.</exception>
    public abstract ValueTask<(bool Proceed, string Text)> ReadStartTlsReplyAsync(StartTlsLineReader reader, CancellationToken cancellationToken);
}
