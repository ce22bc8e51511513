using System.Collections.Immutable;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using DaneSockets.Policy;
using DaneSockets.StartTls;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;

namespace DaneSockets.Xmpp;

/// <summary>
/// Connects to an XMPP service with DANE (RFC 7673 for SRV, RFC 6120 for XMPP, RFC 7590 for direct TLS) in one call.
/// <list type="bullet">
/// <item>SRV (<see cref="XmppServiceLocator"/>): bogus or failed → no connection at all; secure → for each target in RFC 2782
/// order, A/AAAA and TLSA at <c>_port._tcp.&lt;target&gt;</c>; insecure → the targets' TLSA is not used (as if there were none:
/// <see cref="DanePolicy.Required"/> refuses, <see cref="DanePolicy.Opportunistic"/> checks PKIX against the service
/// domain); none → the domain itself on 5222 / 5269 with its own TLSA (RFC 6698).</item>
/// <item>Per secure target: insecure addresses → TLSA not used (RFC 7673 §3.2); bogus TLSA → target skipped (§3.3); SNI is the
/// target when DANE applies and the service domain otherwise (RFC 7673 §4.1; direct TLS: always the service domain, XEP-0368;
/// see <see cref="XmppConnectOptions.ServerNameIndication"/>); a certificate may name the target or the service domain (RFC
/// 7673 §4.2).</item>
/// <item><c>_xmpp-*</c> targets negotiate STARTTLS (<see cref="XmppStartTlsNegotiator"/>); <c>_xmpps-*</c> targets start TLS
/// at once with ALPN <c>xmpp-client</c> / <c>xmpp-server</c> (XEP-0368).</item>
/// </list>
/// The first endpoint that authenticates wins; every attempt is reported.
/// </summary>
public sealed class XmppDaneConnector
{
    private readonly DaneTargetResolver _targets;
    private readonly XmppServiceLocator _locator;

    /// <summary>Creates a connector over a target resolver (and its validating resolver).</summary>
    public XmppDaneConnector(DaneTargetResolver targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
        _locator = new XmppServiceLocator(targets.Resolver);
    }

    /// <summary>Finds <paramref name="domain"/>'s XMPP endpoints and returns the first DANE-authenticated TLS connection.</summary>
    /// <param name="domain">The service domain (the JID's domain part).</param>
    /// <param name="options">Stream kind, TLS/DANE settings and limits.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    /// <exception cref="DaneAuthenticationException">
    /// No endpoint could be used; the message lists every attempt, and <see cref="Exception.InnerException"/> is the last DANE
    /// refusal (with its <see cref="DaneAuthenticationException.Result"/>) when there was one.
    /// </exception>
    public async Task<XmppConnection> ConnectAsync(string domain, XmppConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        options ??= XmppConnectOptions.Default;
        XmppServiceLocation location = await _locator.LocateAsync(domain, options.Kind, options.UseDirectTls, options.Random, cancellationToken).ConfigureAwait(false);
        if (location.MustAbort)
        {
            throw new DaneAuthenticationException($"XMPP SRV lookup for {domain} is {location.SrvStatus}; not connecting (RFC 7673 §3.1): {location.SrvFailure}");
        }

        if (location.IsUnavailable)
        {
            throw new DaneAuthenticationException($"{domain} publishes no XMPP service (SRV target \".\", RFC 2782).");
        }

        var attempts = ImmutableArray.CreateBuilder<XmppAttempt>();
        DaneAuthenticationException? lastRefusal = null;
        foreach (XmppEndpoint endpoint in location.Endpoints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (XmppAttempt attempt, DaneConnection? connection, DaneAuthenticationException? refusal) =
                await TryEndpointAsync(location, endpoint, options, cancellationToken).ConfigureAwait(false);
            attempts.Add(attempt);
            lastRefusal = refusal ?? lastRefusal;
            if (connection is not null)
            {
                return new XmppConnection(connection, location, attempt, attempts.ToImmutable());
            }
        }

        var message = new StringBuilder($"No XMPP endpoint of {domain} could be used (SRV {location.SrvStatus}{(location.IsFallback ? ", no SRV records" : string.Empty)}):");
        foreach (XmppAttempt attempt in attempts)
        {
            message.AppendLine().Append("  ").Append(attempt);
        }

        throw lastRefusal is null
            ? new DaneAuthenticationException(message.ToString())
            : new DaneAuthenticationException(message.ToString(), lastRefusal);
    }

    private async Task<(XmppAttempt, DaneConnection?, DaneAuthenticationException?)> TryEndpointAsync(
        XmppServiceLocation location, XmppEndpoint endpoint, XmppConnectOptions options, CancellationToken cancellationToken)
    {
        string serviceDomain = Trim(location.ServiceDomain);
        DaneTlsOptions tls = options.Tls;
        DaneTarget target;
        if (endpoint.IsSecure || location.IsFallback)
        {
            target = await _targets.ResolveAsync(Trim(endpoint.Host), endpoint.Port, tls.Profile, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!location.IsFallback)
            {
                // RFC 7673 §3.2: TLSA applies only when the target's addresses are secure. §4.2: the certificate may name the
                // target host (the TLSA base domain) or the service domain.
                tls = tls with { RequireSecureAddresses = true, AdditionalReferenceNames = tls.AdditionalReferenceNames.Add(serviceDomain) };
            }
        }
        else
        {
            // RFC 7673 §3.1: an insecure SRV answer means this protocol does not apply — the target's TLSA is not looked at,
            // and the certificate is checked (PKIX, if the policy allows it) against the service domain, which is also the
            // SNI name (RFC 6120 §13.7.2.1).
            var (addresses, status, failure) = await _targets.ResolveAddressesAsync(Trim(endpoint.Host), cancellationToken).ConfigureAwait(false);
            target = new DaneTarget
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                TlsaBaseDomain = location.ServiceDomain,
                ReferenceNames = [serviceDomain],
                Tlsa = new TlsaLookupResult(TlsaLookupOutcome.Insecure, []),
                TlsaFailure = location.SrvFailure,
                Addresses = addresses,
                AddressStatus = status == DnssecStatus.Secure ? DnssecStatus.Insecure : status,
                AddressFailure = failure,
            };
        }

        // A name the caller set in the TLS options wins; otherwise the mode decides.
        tls = tls with { ServerName = tls.ServerName ?? ServerNameFor(options.ServerNameIndication, endpoint, target, tls, serviceDomain) };

        try
        {
            DaneTlsConnector.ThrowIfDnsForbids(target, tls);
            if (tls.Policy == DanePolicy.Required && target.Tlsa.Outcome is not TlsaLookupOutcome.SecureUsable)
            {
                // Nothing to authenticate with: refuse before connecting rather than after the handshake.
                throw new DaneAuthenticationException(new DaneConnectionResult(target, DanePolicyEvaluator.Decide(DanePolicy.Required, target.Tlsa, null)));
            }

            if (tls.RequireSecureAddresses && tls.Policy == DanePolicy.Required && target.AddressStatus != DnssecStatus.Secure)
            {
                throw new DaneAuthenticationException(new DaneConnectionResult(target, DanePolicyEvaluator.Decide(DanePolicy.Required, TlsaLookupOutcome.Insecure, null)));
            }
        }
        catch (DaneAuthenticationException refusal)
        {
            return (new XmppAttempt(endpoint, XmppAttemptStage.Dns, refusal.Message, refusal.Result), null, refusal);
        }

        if (target.Addresses.IsEmpty)
        {
            return (new XmppAttempt(endpoint, XmppAttemptStage.Dns, $"no address records ({target.AddressStatus})"), null, null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(tls.ConnectTimeout);
        Socket socket;
        try
        {
            socket = await HappyEyeballsConnector.ConnectAsync(target.Addresses, endpoint.Port, tls.HappyEyeballs, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or AggregateException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (new XmppAttempt(endpoint, XmppAttemptStage.Connect, e.GetBaseException().Message), null, null);
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        StartTlsOutcome? startTls = null;
        try
        {
            if (endpoint.DirectTls)
            {
                // XEP-0368 §3: direct TLS names the XMPP protocol in ALPN.
                tls = tls with { ApplicationProtocols = [new SslApplicationProtocol(options.Kind == XmppStreamKind.Server ? "xmpp-server" : "xmpp-client")] };
            }
            else
            {
                var negotiator = new XmppStartTlsNegotiator(options.Kind, options.StartTls);
                startTls = await negotiator.NegotiateAsync(network, new StartTlsRequest(serviceDomain, options.LocalDomain ?? string.Empty), timeout.Token).ConfigureAwait(false);
                if (!startTls.Ready)
                {
                    await network.DisposeAsync().ConfigureAwait(false);
                    return (new XmppAttempt(endpoint, XmppAttemptStage.StartTls, startTls.Detail, StartTls: startTls), null, null);
                }
            }

            DaneConnection connection = await DaneTlsConnector.HandshakeAsync(network, target, tls, timeout.Token).ConfigureAwait(false);
            string how = connection.Result.IsAuthenticatedByDane ? "authenticated by DANE" : "accepted by PKIX";
            return (new XmppAttempt(endpoint, XmppAttemptStage.Connected, how, connection.Result, startTls), connection, null);
        }
        catch (Exception e) when (e is AuthenticationException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await network.DisposeAsync().ConfigureAwait(false);
            DaneAuthenticationException? refusal = FindDaneRefusal(e);
            return (new XmppAttempt(endpoint, XmppAttemptStage.Tls, refusal?.Message ?? Describe(e), refusal?.Result, startTls), null, refusal);
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The SNI name of one endpoint.</summary>
    internal static string ServerNameFor(XmppServerNameIndication mode, XmppEndpoint endpoint, DaneTarget target, DaneTlsOptions tls, string serviceDomain)
    {
        bool daneApplies = endpoint.IsSecure && target.Tlsa.Outcome == TlsaLookupOutcome.SecureUsable
            && (!tls.RequireSecureAddresses || target.AddressStatus == DnssecStatus.Secure);
        return mode switch
        {
            XmppServerNameIndication.SrvTarget => Trim(endpoint.Host),
            XmppServerNameIndication.ServiceDomain => serviceDomain,
            // XEP-0368: direct TLS names the service domain in SNI.
            _ when endpoint.DirectTls => serviceDomain,
            // RFC 7673 §4.1 (and RFC 7671 §7: SNI is the TLSA base domain): DANE in use → the target server host name, which
            // is the TLSA base domain (after a secure CNAME expansion, the expanded name, RFC 7671 §7).
            _ when daneApplies => Trim(target.TlsaBaseDomain),
            // RFC 7673 §4.1: no usable TLSA → the application protocol's own rule: XMPP names the service domain (RFC 6120 §13.7.2.1).
            _ => serviceDomain,
        };
    }

    private static string Describe(Exception e)
    {
        var sb = new StringBuilder(e.Message);
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            sb.Append(" → ").Append(inner.Message);
        }

        return sb.ToString();
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

    private static string Trim(DomainName name) => name.ToString().TrimEnd('.');
}
