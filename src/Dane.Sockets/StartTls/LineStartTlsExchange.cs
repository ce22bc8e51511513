namespace DaneSockets.StartTls;

/// <summary>
/// The line-based STARTTLS prelude shared by IMAP and POP3 (RFC 2595 §3.1, §4): greeting, capability list, TLS command, and
/// the go-ahead, after which nothing may be buffered (the STARTTLS command-injection flaw, CVE-2011-0411). Every way it can
/// stop is a <see cref="StartTlsOutcome"/>, never an exception.
/// </summary>
internal static class LineStartTlsExchange
{
    public static async ValueTask<StartTlsOutcome> RunAsync(Stream stream, StartTlsRequest request, LineStartTlsDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new StartTlsLineReader(stream);
        bool offered = false;
        try
        {
            string greeting = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!dialect.AcceptsGreeting(greeting))
            {
                return reader.Stop(offered, $"greeting '{SmtpReply.Shorten(greeting)}'");
            }

            await reader.WriteLineAsync(dialect.CapabilityCommand, cancellationToken).ConfigureAwait(false);
            (string? refusal, offered) = await dialect.ReadCapabilitiesAsync(reader, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return reader.Stop(offered, refusal);
            }

            if (!offered)
            {
                return reader.Stop(offered, $"{dialect.TlsCapability} not in {dialect.CapabilityList}");
            }

            await reader.WriteLineAsync(dialect.StartTlsCommand, cancellationToken).ConfigureAwait(false);
            (bool proceed, string text) = await dialect.ReadStartTlsReplyAsync(reader, cancellationToken).ConfigureAwait(false);
            if (!proceed)
            {
                return reader.Stop(offered, $"{dialect.TlsCapability} answered {text}");
            }

            if (reader.HasBufferedData)
            {
                return reader.Stop(offered, $"the server sent data after its {dialect.TlsCapability} reply (command injection)");
            }

            return new StartTlsOutcome(true, true, text, reader.Transcript);
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
}
