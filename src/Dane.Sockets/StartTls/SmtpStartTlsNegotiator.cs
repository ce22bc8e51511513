using System.Collections.Immutable;

namespace DaneSockets.StartTls;

/// <summary>
/// SMTP STARTTLS (RFC 3207): waits for the 220 banner, sends EHLO with <see cref="StartTlsRequest.ClientName"/>, checks that the
/// EHLO reply advertises STARTTLS, sends STARTTLS and expects 220. A server that does not advertise STARTTLS, or answers it with
/// anything but 220 (RFC 3207 §4: 454 "TLS not available"), is an outcome with <see cref="StartTlsOutcome.Ready"/> false.
/// After TLS the client must forget what it learnt and send EHLO again (RFC 3207 §4.2).
/// </summary>
public sealed class SmtpStartTlsNegotiator : IStartTlsNegotiator
{
    /// <inheritdoc/>
    public string Protocol => "smtp";

    /// <inheritdoc/>
    public async ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        var reader = new StartTlsLineReader(stream);
        return (await NegotiateAsync(reader, request, cancellationToken).ConfigureAwait(false)).Outcome;
    }

    /// <summary>The negotiation on a reader the caller keeps (the SMTP client goes on in plaintext when the policy allows it).</summary>
    /// <param name="reader">The plaintext connection.</param>
    /// <param name="request">The EHLO name.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <param name="startTls">False to stop after EHLO without asking for TLS (the plaintext retry after a failed handshake).</param>
    internal static async ValueTask<(StartTlsOutcome Outcome, SmtpReply? Ehlo)> NegotiateAsync(StartTlsLineReader reader, StartTlsRequest request, CancellationToken cancellationToken, bool startTls = true)
    {
        SmtpReply? ehlo = null;
        try
        {
            // RFC 5321 §4.3.1: the connection opens with 220; 554 means no service.
            SmtpReply banner = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            if (banner.Code != 220)
            {
                return (reader.Stop(offered: false, $"banner {banner}"), null);
            }

            await reader.WriteLineAsync("EHLO " + request.ClientName, cancellationToken).ConfigureAwait(false);
            ehlo = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            if (ehlo.Code != 250)
            {
                // RFC 5321 §4.1.4 allows falling back to HELO, but HELO has no extensions, so no STARTTLS either.
                return (reader.Stop(offered: false, $"EHLO refused: {ehlo}"), null);
            }

            if (!startTls)
            {
                return (reader.Stop(offered: ehlo.HasExtension("STARTTLS"), "STARTTLS not attempted: plaintext retry after a failed TLS handshake"), ehlo);
            }

            if (!ehlo.HasExtension("STARTTLS"))
            {
                return (reader.Stop(offered: false, "STARTTLS not advertised in the EHLO reply"), ehlo);
            }

            await reader.WriteLineAsync("STARTTLS", cancellationToken).ConfigureAwait(false);
            SmtpReply reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            if (reply.Code != 220)
            {
                // RFC 3207 §4: 454 TLS not available, 501 syntax error; the session stays in plaintext after EHLO.
                return (reader.Stop(offered: true, $"STARTTLS refused: {reply}"), ehlo);
            }

            if (reader.HasBufferedData)
            {
                return (reader.Stop(offered: true, "the server sent data after its STARTTLS reply (command injection)"), null);
            }

            return (new StartTlsOutcome(true, true, reply.ToString(), reader.Transcript), ehlo);
        }
        catch (StartTlsProtocolException e)
        {
            return (reader.Stop(offered: ehlo?.HasExtension("STARTTLS") ?? false, e.Message), null);
        }
        catch (IOException e)
        {
            return (reader.Stop(offered: ehlo?.HasExtension("STARTTLS") ?? false, "connection failed: " + e.Message), null);
        }
    }

}
