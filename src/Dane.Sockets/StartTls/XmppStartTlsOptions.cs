namespace DaneSockets.StartTls;

/// <summary>Limits of the plaintext XMPP exchange before TLS; a server exceeding them is refused, not trusted.</summary>
public sealed record XmppStartTlsOptions
{
    /// <summary>The defaults: 64 KiB, nesting depth 16, 30 seconds.</summary>
    public static XmppStartTlsOptions Default { get; } = new();

    /// <summary>
    /// Most octets the server may send before <c>&lt;proceed/&gt;</c>. RFC 6120 §13.12 asks servers to accept stanzas of at
    /// least 10,000 octets; the stream header and features are far smaller.
    /// </summary>
    public int MaxServerBytes { get; init; } = 64 * 1024;

    /// <summary>Deepest element nesting accepted inside the stream features.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Time limit of the whole plaintext exchange.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
