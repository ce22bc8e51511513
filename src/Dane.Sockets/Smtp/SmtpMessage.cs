using System.Collections.Immutable;

namespace DaneSockets.Smtp;

/// <summary>A message to deliver: the envelope (RFC 5321 §3.3) and the content (RFC 5322 header and body, 7-bit text).</summary>
/// <param name="From">The reverse-path address (empty for a bounce, <c>MAIL FROM:&lt;&gt;</c>).</param>
/// <param name="Recipients">The forward-path addresses; all must be in the domain being delivered to.</param>
/// <param name="Content">Header lines, an empty line and the body. Line ends may be LF or CRLF; dot-stuffing is done on sending.</param>
public sealed record SmtpMessage(string From, ImmutableArray<string> Recipients, string Content);
