using System.Collections.Immutable;

namespace DaneSockets.StartTls;

/// <summary>How a STARTTLS negotiation ended.</summary>
/// <param name="Ready">True when the server agreed and the next bytes must be the client's TLS handshake.</param>
/// <param name="Offered">True when the server advertised STARTTLS (it may still have refused the command).</param>
/// <param name="Detail">What the server said last, or why the negotiation stopped, in one line.</param>
/// <param name="Transcript">The plaintext lines exchanged, prefixed "C: " and "S: ", for diagnostics.</param>
public sealed record StartTlsOutcome(bool Ready, bool Offered, string Detail, ImmutableArray<string> Transcript);
