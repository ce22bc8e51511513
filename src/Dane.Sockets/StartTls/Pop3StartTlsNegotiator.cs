namespace DaneSockets.StartTls;

/// <summary>
/// POP3 STLS (RFC 2595 §4, RFC 2449 CAPA): reads the <c>+OK</c> greeting, asks <c>CAPA</c>, checks for the <c>STLS</c>
/// capability, sends <c>STLS</c> and expects <c>+OK</c>. A <c>-ERR</c> greeting, a server without CAPA or STLS, or a
/// <c>-ERR</c> to STLS is an outcome with <see cref="StartTlsOutcome.Ready"/> false.
/// </summary>
public sealed class Pop3StartTlsNegotiator : IStartTlsNegotiator
{
    private static readonly Dialect s_dialect = new();

    /// <inheritdoc/>
    public string Protocol => "pop3";

    /// <inheritdoc/>
    public ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default) =>
        LineStartTlsExchange.RunAsync(stream, request, s_dialect, cancellationToken);

    private static bool IsStatus(string line, string status) =>
        line.StartsWith(status, StringComparison.Ordinal) && (line.Length == status.Length || line[status.Length] == ' ');

    /// <summary>What POP3 says: status lines <c>+OK</c> / <c>-ERR</c> (RFC 1939 §3) and the CAPA list (RFC 2449 §5).</summary>
    private sealed class Dialect : LineStartTlsDialect
    {
        public override string TlsCapability => "STLS";

        public override string CapabilityList => "the CAPA list";

        public override string CapabilityCommand => "CAPA";

        public override string StartTlsCommand => "STLS";

        // RFC 1939 §4: the greeting is a positive response.
        public override bool AcceptsGreeting(string greeting) => IsStatus(greeting, "+OK");

        public override async ValueTask<(string? Refusal, bool Offered)> ReadCapabilitiesAsync(StartTlsLineReader reader, CancellationToken cancellationToken)
        {
            string status = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!IsStatus(status, "+OK"))
            {
                return ($"CAPA answered '{SmtpReply.Shorten(status)}'", false);
            }

            // RFC 2449 §5: a multi-line list of capabilities, one per line, ended by a line with a single dot.
            bool offered = false;
            for (int count = 0; ; count++)
            {
                if (count >= StartTlsLimits.MaxLinesPerReply)
                {
                    return ($"CAPA list longer than {StartTlsLimits.MaxLinesPerReply} lines", offered);
                }

                string line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line == ".")
                {
                    return (null, offered);
                }

                // RFC 1939 §3: a line starting with the termination octet is byte-stuffed.
                string capability = line.StartsWith('.') ? line[1..] : line;
                int space = capability.IndexOf(' ', StringComparison.Ordinal);
                offered |= (space < 0 ? capability : capability[..space]).Equals("STLS", StringComparison.OrdinalIgnoreCase);
            }
        }

        public override async ValueTask<(bool Proceed, string Text)> ReadStartTlsReplyAsync(StartTlsLineReader reader, CancellationToken cancellationToken)
        {
            string reply = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return IsStatus(reply, "+OK") ? (true, reply) : (false, $"'{SmtpReply.Shorten(reply)}'");
        }
    }
}
