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

    /// <inheritdoc/>
    public string Protocol => "imap";

    /// <inheritdoc/>
    public async ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new StartTlsLineReader(stream);
        bool offered = false;
        try
        {
            string greeting = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            // RFC 9051 §7.1: greeting = "*" SP (resp-cond-auth / resp-cond-bye); PREAUTH forbids STARTTLS (RFC 9051 §6.2.1).
            if (!StartsWithWord(greeting, "* OK"))
            {
                return reader.Stop(offered, $"greeting '{SmtpReply.Shorten(greeting)}'");
            }

            await reader.WriteLineAsync(CapabilityTag + " CAPABILITY", cancellationToken).ConfigureAwait(false);
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
            if (status != "OK")
            {
                return reader.Stop(offered, $"CAPABILITY answered {status} {text}");
            }

            if (!offered)
            {
                return reader.Stop(offered, "STARTTLS not in the CAPABILITY response");
            }

            await reader.WriteLineAsync(StartTlsTag + " STARTTLS", cancellationToken).ConfigureAwait(false);
            (status, text) = await ReadUntilTaggedAsync(reader, StartTlsTag, static _ => { }, cancellationToken).ConfigureAwait(false);
            if (status != "OK")
            {
                return reader.Stop(offered, $"STARTTLS answered {status} {text}");
            }

            if (reader.HasBufferedData)
            {
                return reader.Stop(offered, "the server sent data after its STARTTLS reply (command injection)");
            }

            return new StartTlsOutcome(true, true, $"OK {text}".TrimEnd(), reader.Transcript);
        }
        catch (StartTlsProtocolException e)
        {
            return reader.Stop(offered, e.Message);
        }
        catch (IOException e)
        {
            return reader.Stop(offered, "connection failed: " + e.Message);
        }
    }

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
}
