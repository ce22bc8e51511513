namespace DaneSockets.StartTls;

/// <summary>The hard caps every plaintext prelude reader enforces, so a hostile server cannot make the client buffer without end.</summary>
internal static class StartTlsLimits
{
    /// <summary>
    /// The longest line accepted, CRLF included. RFC 5321 §4.5.3.1.5 caps SMTP reply lines at 512 octets and RFC 2449 §4 POP3
    /// responses at 512; IMAP capability lines (RFC 9051 §4) have no fixed cap, so the limit leaves room for long ones.
    /// </summary>
    public const int MaxLineLength = 8192;

    /// <summary>The most lines one reply (an SMTP multi-line reply, a POP3 CAPA list, IMAP untagged responses) may have.</summary>
    public const int MaxLinesPerReply = 256;
}
