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
using DaneSockets.Tlsa;
using DnsSecure;

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

        SmtpMxReport report = await ConnectAndRunAsync(plan, mx, mail, plaintextRetry: false, cancellationToken).ConfigureAwait(false);
        if (report.Status != SmtpMxStatus.TlsFailed || mx.Level != SmtpTlsLevel.Opportunistic || !_options.RetryPlaintextAfterTlsFailure)
        {
            // RFC 7672 §2.2: with a secure TLSA RRset (Dane or Encrypt) a TLS failure ends the attempt; no envelope is ever sent.
            return report;
        }

        // RFC 7435 §3, RFC 7672 §2.2 (DANE does not apply to this host): opportunistic TLS that fails falls back to cleartext,
        // on a new connection because the failed handshake left the old one unusable. Postfix does the same.
        SmtpMxReport retry = await ConnectAndRunAsync(plan, mx, mail, plaintextRetry: true, cancellationToken).ConfigureAwait(false);
        return retry with
        {
            Detail = $"TLS handshake failed ({report.Detail}); plaintext retry: {retry.Detail}",
            Transcript = report.Transcript.Add("-- reconnecting without STARTTLS after the failed TLS handshake --").AddRange(retry.Transcript),
        };
    }

    private async Task<SmtpMxReport> ConnectAndRunAsync(SmtpDeliveryPlan plan, SmtpMxPlan mx, (SmtpMessage Message, byte[] Data)? mail, bool plaintextRetry, CancellationToken cancellationToken)
    {
        Socket socket;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                socket = await HappyEyeballsConnector.ConnectAsync(mx.Target!.Addresses, _options.Port, _options.HappyEyeballs, connectTimeout.Token).ConfigureAwait(false);
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
            SmtpMxReport report = await RunAsync(session, plan, mx, mail, plaintextRetry, timeout.Token).ConfigureAwait(false);
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

    private async Task<SmtpMxReport> RunAsync(Session session, SmtpDeliveryPlan plan, SmtpMxPlan mx, (SmtpMessage Message, byte[] Data)? mail, bool plaintextRetry, CancellationToken cancellationToken)
    {
        var request = new StartTlsRequest(plan.Domain.ToString().TrimEnd('.'), _options.ClientName);
        (StartTlsOutcome outcome, SmtpReply? ehlo) = await SmtpStartTlsNegotiator.NegotiateAsync(session.Reader, request, cancellationToken, startTls: !plaintextRetry).ConfigureAwait(false);
        SmtpMxStatus status;
        DaneConnectionResult? dane = null;
        if (outcome.Ready)
        {
            try
            {
                if (mx.Level == SmtpTlsLevel.Dane)
                {
                    DaneConnection connection = await DaneTlsConnector.HandshakeAsync(session.Stream, mx.Target!, DaneOptionsFor(plan, mx.Target!), cancellationToken).ConfigureAwait(false);
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
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // The handshake failed (a refusal, an alert, garbage or a closed connection): the connection is dropped here,
                // before any envelope command (RFC 7672 §2.2).
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
            ehlo = await SmtpReply.ReadAsync(session.Reader, cancellationToken).ConfigureAwait(false);
            if (ehlo.Code != 250)
            {
                return await QuitAsync(session, mx, SmtpMxStatus.SessionFailed, $"EHLO after STARTTLS refused: {ehlo}", dane, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (ehlo is not null && mx.Level == SmtpTlsLevel.Opportunistic)
        {
            // RFC 7672 §1.3 / RFC 7435: without DANE, a server that does not offer (or refuses) STARTTLS gets the mail in
            // plaintext; so does one whose TLS handshake failed, on the second connection (see AttemptAsync).
            status = plaintextRetry ? SmtpMxStatus.PlaintextAfterTlsFailure : SmtpMxStatus.Plaintext;
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

        bool utf8 = SmtpDataEncoder.RequiresSmtpUtf8(envelope.Message);
        if (utf8 && !ehlo.HasExtension("SMTPUTF8"))
        {
            // RFC 6531 §3.2: a non-ASCII address goes only to a server that advertised SMTPUTF8 (in the EHLO that counts: the
            // one after TLS, RFC 3207 §4.2). No downgrade, no raw UTF-8: this host is not used.
            return await QuitAsync(session, mx, SmtpMxStatus.SmtpUtf8Unavailable, "an envelope address is not ASCII and the server does not advertise SMTPUTF8 (RFC 6531)", dane, cancellationToken).ConfigureAwait(false);
        }

        (bool delivered, string detail) = await TransferAsync(session.Reader, envelope.Message, envelope.Data, utf8, cancellationToken).ConfigureAwait(false);
        SmtpMxReport report = await QuitAsync(session, mx, status, detail, dane, cancellationToken).ConfigureAwait(false);
        return report with { Delivered = delivered };
    }

    /// <summary>MAIL FROM, RCPT TO, DATA (RFC 5321 §3.3); a refusal is reported, not thrown.</summary>
    private static async Task<(bool Delivered, string Detail)> TransferAsync(StartTlsLineReader reader, SmtpMessage message, byte[] data, bool utf8, CancellationToken cancellationToken)
    {
        // RFC 6531 §3.4: the SMTPUTF8 parameter on MAIL FROM lets the transaction carry UTF-8 addresses.
        await reader.WriteLineAsync($"MAIL FROM:<{message.From}>{(utf8 ? " SMTPUTF8" : string.Empty)}", cancellationToken, utf8).ConfigureAwait(false);
        SmtpReply reply = await SmtpReply.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 250)
        {
            return (false, $"MAIL FROM refused: {reply}");
        }

        int accepted = 0;
        var refused = new List<string>();
        foreach (string recipient in message.Recipients)
        {
            await reader.WriteLineAsync($"RCPT TO:<{recipient}>", cancellationToken, utf8).ConfigureAwait(false);
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

    private DaneTlsOptions DaneOptionsFor(SmtpDeliveryPlan plan, DaneTarget target) => new()
    {
        Policy = DanePolicy.Required,
        Profile = DaneProfile.Smtp,
        // RFC 7672 §2.2.2 (checked when planning). RFC 7672 §3.2.2: with DANE-TA(2) the reference identifiers are the MX host
        // (target.ReferenceNames: the TLSA base domain and the MX host name), the next-hop domain, and after a secure CNAME
        // expansion of the MX host also the expanded name, wherever the TLSA RRset was found (RFC 7672 §2.2.3).
        RequireSecureAddresses = true,
        AdditionalReferenceNames = ReferenceNamesBeyondTarget(plan, target),
        EnabledSslProtocols = _options.EnabledSslProtocols,
        TimeProvider = _options.TimeProvider,
    };

    /// <summary>The next-hop domain and the securely expanded MX host name, less those the target already has.</summary>
    internal static ImmutableArray<string> ReferenceNamesBeyondTarget(SmtpDeliveryPlan plan, DaneTarget target)
    {
        var names = ImmutableArray.CreateBuilder<string>(2);
        foreach (DomainName? name in (ReadOnlySpan<DomainName?>)[plan.Domain, target.SecureExpansion])
        {
            string? text = name?.ToString().TrimEnd('.');
            if (text is not null && !target.ReferenceNames.Contains(text, StringComparer.OrdinalIgnoreCase) && !names.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(text);
            }
        }

        return names.ToImmutable();
    }

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
