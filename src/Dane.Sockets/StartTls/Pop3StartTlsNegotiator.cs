namespace DaneSockets.StartTls;

/// <summary>
/// POP3 STLS (RFC 2595 §4, RFC 2449 CAPA): reads the <c>+OK</c> greeting, asks <c>CAPA</c>, checks for the <c>STLS</c>
/// capability, sends <c>STLS</c> and expects <c>+OK</c>. A <c>-ERR</c> greeting, a server without CAPA or STLS, or a
/// <c>-ERR</c> to STLS is an outcome with <see cref="StartTlsOutcome.Ready"/> false.
/// </summary>
public sealed class Pop3StartTlsNegotiator : IStartTlsNegotiator
{
    /// <inheritdoc/>
    public string Protocol => "pop3";

    /// <inheritdoc/>
    public async ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new StartTlsLineReader(stream);
        bool offered = false;
        try
        {
            // RFC 1939 §4: the greeting is a positive response.
            string greeting = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!IsStatus(greeting, "+OK"))
            {
                return reader.Stop(offered, $"greeting '{SmtpReply.Shorten(greeting)}'");
            }

            await reader.WriteLineAsync("CAPA", cancellationToken).ConfigureAwait(false);
            string status = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!IsStatus(status, "+OK"))
            {
                return reader.Stop(offered, $"CAPA answered '{SmtpReply.Shorten(status)}'");
            }

            // RFC 2449 §5: a multi-line list of capabilities, one per line, ended by a line with a single dot.
            for (int count = 0; ; count++)
            {
                if (count >= StartTlsLimits.MaxLinesPerReply)
                {
                    return reader.Stop(offered, $"CAPA list longer than {StartTlsLimits.MaxLinesPerReply} lines");
                }

                string line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line == ".")
                {
                    break;
                }

                // RFC 1939 §3: a line starting with the termination octet is byte-stuffed.
                string capability = line.StartsWith('.') ? line[1..] : line;
                int space = capability.IndexOf(' ', StringComparison.Ordinal);
                offered |= (space < 0 ? capability : capability[..space]).Equals("STLS", StringComparison.OrdinalIgnoreCase);
            }

            if (!offered)
            {
                return reader.Stop(offered, "STLS not in the CAPA list");
            }

            await reader.WriteLineAsync("STLS", cancellationToken).ConfigureAwait(false);
            string reply = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!IsStatus(reply, "+OK"))
            {
                return reader.Stop(offered, $"STLS answered '{SmtpReply.Shorten(reply)}'");
            }

            if (reader.HasBufferedData)
            {
                return reader.Stop(offered, "the server sent data after its STLS reply (command injection)");
            }

            return new StartTlsOutcome(true, true, reply, reader.Transcript);
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

    private static bool IsStatus(string line, string status) =>
        line.StartsWith(status, StringComparison.Ordinal) && (line.Length == status.Length || line[status.Length] == ' ');

}
