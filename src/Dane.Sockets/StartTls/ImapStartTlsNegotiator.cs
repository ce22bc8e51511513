namespace DaneSockets.StartTls;

/// <summary>
/// IMAP STARTTLS (RFC 2595 §3.1, RFC 9051 §6.2.1): reads the <c>* OK</c> greeting, asks <c>a001 CAPABILITY</c>, checks for the
/// <c>STARTTLS</c> capability, sends <c>a002 STARTTLS</c> and expects a tagged OK. A <c>* PREAUTH</c> or <c>* BYE</c> greeting, a
/// missing capability or a NO/BAD answer is an outcome with <see cref="StartTlsOutcome.Ready"/> false.
/// </summary>
public sealed class ImapStartTlsNegotiator : IStartTlsNegotiator
{
    private const string CapabilityTag = "a001";
    private const string StartTlsTag = "a002";
    private static readonly Dialect s_dialect = new();

    /// <inheritdoc/>
    public string Protocol => "imap";

    /// <inheritdoc/>
    public ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default) =>
        LineStartTlsExchange.RunAsync(stream, request, s_dialect, cancellationToken);

    /// <summary>Reads untagged responses until the tagged completion (RFC 9051 §2.2.2); returns its status (OK, NO, BAD) and text.</summary>
    private static async ValueTask<(string Status, string Text)> ReadUntilTaggedAsync(
        StartTlsLineReader reader, string tag, Action<string> untagged, CancellationToken cancellationToken)
    {
        for (int count = 0; count < StartTlsLimits.MaxLinesPerReply; count++)
        {
            string line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                string rest = line[(tag.Length + 1)..];
                int space = rest.IndexOf(' ', StringComparison.Ordinal);
                string status = (space < 0 ? rest : rest[..space]).ToUpperInvariant();
                if (status is not ("OK" or "NO" or "BAD"))
                {
                    throw new StartTlsProtocolException($"malformed tagged response '{SmtpReply.Shorten(line)}'");
                }

                return (status, space < 0 ? string.Empty : rest[(space + 1)..]);
            }

            if (StartsWithWord(line, "* BYE"))
            {
                // RFC 9051 §7.1.5: the server is closing the connection.
                throw new StartTlsProtocolException($"the server said '{SmtpReply.Shorten(line)}'");
            }

            if (!line.StartsWith("* ", StringComparison.Ordinal))
            {
                throw new StartTlsProtocolException($"unexpected line '{SmtpReply.Shorten(line)}'");
            }

            untagged(line);
        }

        throw new StartTlsProtocolException($"no tagged response within {StartTlsLimits.MaxLinesPerReply} lines");
    }

    private static bool StartsWithWord(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (line.Length == prefix.Length || line[prefix.Length] == ' ');

    /// <summary>What IMAP says: tagged commands, untagged <c>* CAPABILITY</c> atoms, tagged OK / NO / BAD completions.</summary>
    private sealed class Dialect : LineStartTlsDialect
    {
        public override string TlsCapability => "STARTTLS";

        public override string CapabilityList => "the CAPABILITY response";

        public override string CapabilityCommand => CapabilityTag + " CAPABILITY";

        public override string StartTlsCommand => StartTlsTag + " STARTTLS";

        // RFC 9051 §7.1: greeting = "*" SP (resp-cond-auth / resp-cond-bye); PREAUTH forbids STARTTLS (RFC 9051 §6.2.1).
        public override bool AcceptsGreeting(string greeting) => StartsWithWord(greeting, "* OK");

        public override async ValueTask<(string? Refusal, bool Offered)> ReadCapabilitiesAsync(StartTlsLineReader reader, CancellationToken cancellationToken)
        {
            bool offered = false;
            (string status, string text) = await ReadUntilTaggedAsync(reader, CapabilityTag, line =>
            {
                // RFC 9051 §7.2.2: "* CAPABILITY" *(SP capability); the atoms are case-insensitive.
                if (StartsWithWord(line, "* CAPABILITY"))
                {
                    foreach (string atom in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        offered |= atom.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase);
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            return (status == "OK" ? null : $"CAPABILITY answered {status} {text}", offered);
        }

        public override async ValueTask<(bool Proceed, string Text)> ReadStartTlsReplyAsync(StartTlsLineReader reader, CancellationToken cancellationToken)
        {
            (string status, string text) = await ReadUntilTaggedAsync(reader, StartTlsTag, static _ => { }, cancellationToken).ConfigureAwait(false);
            return (status == "OK", $"{status} {text}".TrimEnd());
        }
    }
}
