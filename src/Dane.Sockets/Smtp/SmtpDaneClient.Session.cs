using System.Collections.Immutable;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.StartTls;
using DaneSockets.Tls;

namespace DaneSockets.Smtp;

/// <summary>The SMTP session with one MX host.</summary>
public sealed partial class SmtpDaneClient
{
    private async Task<SmtpMxReport> AttemptAsync(SmtpDeliveryPlan plan, SmtpMxPlan mx, (SmtpMessage Message, byte[] Data)? mail, CancellationToken cancellationToken)
    {
        if (mx.Level == SmtpTlsLevel.Skip || mx.Target is null)
        {
            return new SmtpMxReport { Plan = mx, Status = SmtpMxStatus.Skipped, Detail = mx.Failure is null ? mx.Reason.ToString() : $"{mx.Reason}: {mx.Failure}" };
        }

        Socket socket;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                socket = await HappyEyeballsConnector.ConnectAsync(mx.Target.Addresses, _options.Port, _options.HappyEyeballs, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or AggregateException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                string why = e is OperationCanceledException ? $"timed out after {_options.ConnectTimeout}" : e.GetBaseException().Message;
                return new SmtpMxReport { Plan = mx, Status = SmtpMxStatus.ConnectFailed, Detail = $"port {_options.Port}: {why}" };
            }
        }

        IPAddress address = ((IPEndPoint)socket.RemoteEndPoint!).Address;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SessionTimeout);
        var session = new Session(new NetworkStream(socket, ownsSocket: true));
        try
        {
            SmtpMxReport report = await RunAsync(session, plan, mx, mail, timeout.Token).ConfigureAwait(false);
            return report with { Address = address, Transcript = session.Transcript };
        }
        catch (Exception e) when (e is StartTlsProtocolException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string why = e is OperationCanceledException ? $"timed out after {_options.SessionTimeout}" : e.Message;
            return new SmtpMxReport { Plan = mx, Status = SmtpMxStatus.SessionFailed, Detail = why, Address = address, Transcript = session.Transcript };
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SmtpMxReport> RunAsync(Session session, SmtpDeliveryPlan plan, SmtpMxPlan mx, (SmtpMessage Message, byte[] Data)? mail, CancellationToken cancellationToken)
    {
        var request = new StartTlsRequest(plan.Domain.ToString().TrimEnd('.'), _options.ClientName);
        (StartTlsOutcome outcome, SmtpReply? ehlo) = await SmtpStartTlsNegotiator.NegotiateAsync(session.Reader, request, cancellationToken).ConfigureAwait(false);
        SmtpMxStatus status;
        DaneConnectionResult? dane = null;
        if (outcome.Ready)
        {
            try
            {
                if (mx.Level == SmtpTlsLevel.Dane)
                {
                    DaneConnection connection = await DaneTlsConnector.HandshakeAsync(session.Stream, mx.Target!, DaneOptionsFor(plan), cancellationToken).ConfigureAwait(false);
                    session.StartTls(connection.Stream, $"-- TLS, DANE-authenticated: {connection.Result.Decision} --");
                    dane = connection.Result;
                    status = SmtpMxStatus.DaneAuthenticated;
                }
                else
                {
                    SslStream ssl = await UnauthenticatedTlsAsync(session.Stream, mx, cancellationToken).ConfigureAwait(false);
                    session.StartTls(ssl, $"-- TLS {ssl.SslProtocol}, not authenticated ({mx.Level}) --");
                    status = SmtpMxStatus.Encrypted;
                }
            }
            catch (AuthenticationException e)
            {
                // The handshake failed: the connection is dropped here, before any envelope command (RFC 7672 §2.2).
                DaneAuthenticationException? refusal = FindDaneRefusal(e);
                session.Note(refusal is null ? "-- TLS handshake failed --" : "-- TLS refused by DANE, connection abandoned --");
                return new SmtpMxReport
                {
                    Plan = mx,
                    Status = refusal is null ? SmtpMxStatus.TlsFailed : SmtpMxStatus.DaneRefused,
                    Detail = refusal?.Result?.Decision.ToString() ?? e.Message,
                    Dane = refusal?.Result,
                };
            }

            // RFC 3207 §4.2: discard what the plaintext EHLO said and ask again over TLS.
            await session.Reader.WriteLineAsync("EHLO " + _options.ClientName, cancellationToken).ConfigureAwait(false);
            SmtpReply secondEhlo = await SmtpReply.ReadAsync(session.Reader, cancellationToken).ConfigureAwait(false);
            if (secondEhlo.Code != 250)
            {
                return await QuitAsync(session, mx, SmtpMxStatus.SessionFailed, $"EHLO after STARTTLS refused: {secondEhlo}", dane, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (ehlo is not null && mx.Level == SmtpTlsLevel.Opportunistic)
        {
            // RFC 7672 §1.3 / RFC 7435: without DANE, a server that does not offer (or refuses) STARTTLS gets the mail in plaintext.
            status = SmtpMxStatus.Plaintext;
        }
        else if (ehlo is not null)
        {
            return await QuitAsync(session, mx, SmtpMxStatus.StartTlsUnavailable, $"TLS is mandatory ({mx.Level}): {outcome.Detail}", null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return new SmtpMxReport { Plan = mx, Status = SmtpMxStatus.SessionFailed, Detail = outcome.Detail };
        }

        if (mail is not { } envelope)
        {
            return await QuitAsync(session, mx, status, "session ready; no mail sent", dane, cancellationToken).ConfigureAwait(false);
        }

        (bool delivered, string detail) = await TransferAsync(session.Reader, envelope.Message, envelope.Data, cancellationToken).ConfigureAwait(false);
        SmtpMxReport report = await QuitAsync(session, mx, status, detail, dane, cancellationToken).ConfigureAwait(false);
        return report with { Delivered = delivered };
    }

    /// <summary>MAIL FROM, RCPT TO, DATA (RFC 5321 §3.3); a refusal is reported, not thrown.</summary>
    private static async Task<(bool Delivered, string Detail)> TransferAsync(StartTlsLineReader reader, SmtpMessage message, byte[] data, CancellationToken cancellationToken)
    {
        await reader.WriteLineAsync($"MAIL FROM:<{message.From}>", cancellationToken).ConfigureAwait(false);
        SmtpReply reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 250)
        {
            return (false, $"MAIL FROM refused: {reply}");
        }

        int accepted = 0;
        var refused = new List<string>();
        foreach (string recipient in message.Recipients)
        {
            await reader.WriteLineAsync($"RCPT TO:<{recipient}>", cancellationToken).ConfigureAwait(false);
            reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            // RFC 5321 §4.2.2: 250 and 251 accept the recipient.
            if (reply.Code is 250 or 251)
            {
                accepted++;
            }
            else
            {
                refused.Add($"{recipient}: {reply}");
            }
        }

        if (accepted == 0)
        {
            await reader.WriteLineAsync("RSET", cancellationToken).ConfigureAwait(false);
            await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            return (false, "every recipient refused: " + string.Join("; ", refused));
        }

        await reader.WriteLineAsync("DATA", cancellationToken).ConfigureAwait(false);
        reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 354)
        {
            return (false, $"DATA refused: {reply}");
        }

        await reader.WriteRawAsync(data, $"<{data.Length} octets of message data, dot-stuffed, ending with CRLF.CRLF>", cancellationToken).ConfigureAwait(false);
        reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        string partly = refused.Count == 0 ? string.Empty : $" (refused: {string.Join("; ", refused)})";
        return reply.Code == 250 ? (true, $"accepted: {reply}{partly}") : (false, $"message refused: {reply}");
    }

    private static async Task<SmtpMxReport> QuitAsync(Session session, SmtpMxPlan mx, SmtpMxStatus status, string detail, DaneConnectionResult? dane, CancellationToken cancellationToken)
    {
        try
        {
            // RFC 5321 §4.1.1.10: QUIT, 221. A server that drops the line instead changes nothing about the outcome.
            await session.Reader.WriteLineAsync("QUIT", cancellationToken).ConfigureAwait(false);
            await SmtpReply.ReadAsync(session.Reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StartTlsProtocolException or IOException)
        {
            session.Note("-- no reply to QUIT: " + e.Message + " --");
        }

        return new SmtpMxReport { Plan = mx, Status = status, Detail = detail, Dane = dane };
    }

    private DaneTlsOptions DaneOptionsFor(SmtpDeliveryPlan plan) => new()
    {
        Policy = DanePolicy.Required,
        Profile = DaneProfile.Smtp,
        // RFC 7672 §2.2.2 (checked when planning) and §3.2.3: the MX host and the next-hop domain are the reference identifiers.
        RequireSecureAddresses = true,
        AdditionalReferenceNames = [plan.Domain.ToString().TrimEnd('.')],
        EnabledSslProtocols = _options.EnabledSslProtocols,
        TimeProvider = _options.TimeProvider,
    };

    private async Task<SslStream> UnauthenticatedTlsAsync(Stream stream, SmtpMxPlan mx, CancellationToken cancellationToken)
    {
        // RFC 7672 §1.3, RFC 7435: without usable TLSA records the server is not authenticated; any certificate is accepted.
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = mx.Host.ToString().TrimEnd('.'),
                EnabledSslProtocols = _options.EnabledSslProtocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
#pragma warning disable CA5359 // Deliberate: RFC 7672 §1.3 and RFC 7435 make unauthenticated TLS the floor when DANE does not apply.
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
            }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static DaneAuthenticationException? FindDaneRefusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DaneAuthenticationException dane)
            {
                return dane;
            }
        }

        return null;
    }

    /// <summary>The stream of one session (plaintext, then TLS) and its transcript across the switch.</summary>
    private sealed class Session(Stream stream) : IAsyncDisposable
    {
        private ImmutableArray<string> _before = [];

        public Stream Stream { get; private set; } = stream;

        public StartTlsLineReader Reader { get; private set; } = new(stream);

        public ImmutableArray<string> Transcript => _before.AddRange(Reader.Transcript);

        public void StartTls(Stream tls, string note)
        {
            _before = Transcript.Add(note);
            Stream = tls;
            Reader = new StartTlsLineReader(tls);
        }

        public void Note(string note) => Reader.Note(note);

        public ValueTask DisposeAsync() => Stream.DisposeAsync();
    }
}
