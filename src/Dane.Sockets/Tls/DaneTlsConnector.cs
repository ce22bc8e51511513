using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec;

namespace DaneSockets.Tls;

/// <summary>
/// Opens TLS connections that DNSSEC authenticates: addresses and TLSA come from the validating resolver (looked up in
/// parallel), TCP connects with Happy Eyeballs (RFC 8305), SNI is the TLSA base domain, and the server's chain must satisfy the
/// DANE policy for exactly this host and port. Also authenticates TLS on an already-open stream (after STARTTLS).
/// </summary>
public sealed class DaneTlsConnector
{
    private readonly DaneTargetResolver _targets;

    /// <summary>Creates a connector over a target resolver.</summary>
    public DaneTlsConnector(DaneTargetResolver targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
    }

    /// <summary>The DNS side of the connector.</summary>
    public DaneTargetResolver Targets => _targets;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and returns an authenticated TLS stream.</summary>
    /// <exception cref="DaneAuthenticationException">DNS or the certificate did not satisfy the policy.</exception>
    public async Task<DaneConnection> ConnectAsync(string host, int port, DaneTlsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DaneTlsOptions.Default;
        DaneTarget target = await _targets.ResolveAsync(host, port, options.Profile, cancellationToken: cancellationToken).ConfigureAwait(false);
        ThrowIfDnsForbids(target, options);
        if (target.Addresses.IsEmpty)
        {
            throw new DaneAuthenticationException($"{host} has no address records ({target.AddressStatus}).");
        }

        // One timer for connect + handshake; linked to the caller's token only when that can be cancelled at all.
        using CancellationTokenSource timeout = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : new CancellationTokenSource();
        timeout.CancelAfter(options.ConnectTimeout);
        Socket socket = await HappyEyeballsConnector.ConnectAsync(target.Addresses, port, options.HappyEyeballs, timeout.Token, options.ConnectTimeout).ConfigureAwait(false);
        try
        {
            return await HandshakeAsync(new NetworkStream(socket, ownsSocket: true), target, options, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs TLS over an open <paramref name="stream"/> (e.g. after STARTTLS) and authenticates it as <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="DaneAuthenticationException">DNS or the certificate did not satisfy the policy.</exception>
    public async Task<DaneConnection> AuthenticateAsync(Stream stream, string host, int port, DaneTlsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= DaneTlsOptions.Default;
        DaneTarget target = await _targets.ResolveAsync(host, port, options.Profile, cancellationToken: cancellationToken).ConfigureAwait(false);
        ThrowIfDnsForbids(target, options);
        return await HandshakeAsync(stream, target, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Authenticates TLS on <paramref name="stream"/> against an already resolved target.</summary>
    public static async Task<DaneConnection> HandshakeAsync(Stream stream, DaneTarget target, DaneTlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        DaneConnectionResult? result = null;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);

        // With only DANE-TA/DANE-EE records the runtime's PKIX verdict is never used: let it build against no trust store,
        // with no issuer downloads and no revocation checks (DaneChainPolicy).
        bool daneOnly = DaneChainPolicy.AppliesTo(DaneServerCertificateCheck.EffectiveTlsa(target, options));
        var sslOptions = new SslClientAuthenticationOptions
        {
            // The SNI name is the TLSA base domain (RFC 7671 §7) unless the protocol says otherwise.
            TargetHost = options.ServerName ?? target.TlsaBaseDomain.ToString().TrimEnd('.'),
            ApplicationProtocols = options.ApplicationProtocols.IsDefaultOrEmpty ? null : [.. options.ApplicationProtocols],
            ClientCertificates = options.ClientCertificates,
            EnabledSslProtocols = options.EnabledSslProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = daneOnly ? DaneChainPolicy.Create() : null,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                result = DaneServerCertificateCheck.Evaluate(target, options, certificate as X509Certificate2, chain, errors);
                return result.IsAccepted;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(sslOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new DaneConnection(ssl, result ?? throw new DaneAuthenticationException("The TLS handshake finished without a certificate check."));
    }

    /// <summary>Refuses before connecting when DNS already forbids it (Bogus or Indeterminate TLSA, or Required without TLSA).</summary>
    internal static void ThrowIfDnsForbids(DaneTarget target, DaneTlsOptions options)
    {
        TlsaLookupOutcome outcome = target.Tlsa.Outcome;
        bool addressesFail = target.AddressStatus is DnssecStatus.Bogus or DnssecStatus.Indeterminate;
        if (outcome is TlsaLookupOutcome.Bogus or TlsaLookupOutcome.Indeterminate || addressesFail)
        {
            var decision = DanePolicyEvaluator.Decide(options.Policy, addressesFail && outcome is not (TlsaLookupOutcome.Bogus or TlsaLookupOutcome.Indeterminate)
                ? (target.AddressStatus == DnssecStatus.Bogus ? TlsaLookupOutcome.Bogus : TlsaLookupOutcome.Indeterminate)
                : outcome, null);
            throw new DaneAuthenticationException(new DaneConnectionResult(target, decision));
        }
    }
}
