using System.Collections.Immutable;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneHttp.Diagnostics;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaneHttp.Http;

/// <summary>Connects HTTP's two hooks to DANE: TLSA and addresses from the validating resolver, the decision from <see cref="DaneServerCertificateCheck"/>.</summary>
internal sealed class DaneEndpointAuthenticator : IEndpointAuthenticator
{
    private static readonly TimeSpan MinimumConnectionLife = TimeSpan.FromSeconds(5);

    private readonly DaneTargetResolver _targets;
    private readonly DaneTlsOptions _tls;
    private readonly TimeSpan _maxLifetime;
    private readonly TimeProvider _time;
    private readonly DaneHttpMetrics? _metrics;
    private readonly ILogger _logger;

    public DaneEndpointAuthenticator(DaneTargetResolver targets, DaneTlsOptions tls, TimeSpan maxLifetime, TimeProvider time, DaneHttpMetrics? metrics = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _targets = targets;
        _tls = tls;
        _maxLifetime = maxLifetime;
        _time = time;
        _metrics = metrics;
    }

    public async ValueTask<EndpointTrust> GetTrustAsync(string host, int port, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        using var activity = DaneHttpMetrics.ActivitySource.StartActivity("dane.tlsa.lookup");
        activity?.SetTag("server.address", host);
        activity?.SetTag("server.port", port);
        DaneTarget target = await _targets.ResolveAsync(host, port, _tls.Profile, cancellationToken: cancellationToken).ConfigureAwait(false);
        _metrics?.RecordLookup(_time.GetElapsedTime(start), target.Tlsa.Outcome);
        activity?.SetTag("dane.tlsa.outcome", target.Tlsa.Outcome.ToString());
        Log.TlsaLookedUp(_logger, host, port, target.Tlsa.Outcome, target.Tlsa.Records.Length, target.TlsaTtl);
        if (target.Tlsa.Outcome == TlsaLookupOutcome.Bogus)
        {
            Log.TlsaBogus(_logger, host, port, target.TlsaFailure?.ToString() ?? "no failure detail");
        }

        try
        {
            DaneTlsConnector.ThrowIfDnsForbids(target, _tls);
        }
        catch (DaneAuthenticationException e)
        {
            Log.Refused(_logger, host, port, e.Message);
            throw;
        }

        // A connection lives as long as its TLSA data, but long enough to finish its handshake and first request.
        TimeSpan life = target.TlsaTtl < MinimumConnectionLife ? MinimumConnectionLife : target.TlsaTtl;
        return new EndpointTrust(host, port, _time.GetUtcNow() + (life < _maxLifetime ? life : _maxLifetime), target);
    }

    public async ValueTask<Stream> ConnectAsync(string host, int port, EndpointTrust? trust, CancellationToken cancellationToken)
    {
        ImmutableArray<IPAddress> addresses;
        DnssecStatus status;
        ValidationFailure? failure;
        if (trust?.Data is DaneTarget known)
        {
            // The addresses were looked up with the TLSA data and are as fresh as it is.
            (addresses, status, failure) = (known.Addresses, known.AddressStatus, known.AddressFailure);
        }
        else
        {
            (addresses, status, failure) = await _targets.ResolveAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }

        if (status is DnssecStatus.Bogus or DnssecStatus.Indeterminate || addresses.IsEmpty)
        {
            Log.Refused(_logger, host, port, $"no usable addresses ({status})");
            throw new DaneAuthenticationException($"No usable addresses for {host}: {status}{(failure is null ? string.Empty : " — " + failure)}");
        }

        Socket socket = await HappyEyeballsConnector.ConnectAsync(addresses, port, _tls.HappyEyeballs, cancellationToken).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    public object Verify(EndpointTrust trust, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        using var activity = DaneHttpMetrics.ActivitySource.StartActivity("dane.verify");
        try
        {
            // EndpointHandler gives every connection's runtime chain build DaneChainPolicy: its errors say nothing about PKIX.
            DaneConnectionResult result = DaneServerCertificateCheck.Evaluate((DaneTarget)trust.Data, _tls, leaf, chain, errors, runtimeChainTrustsNothing: true);
            _metrics?.RecordVerification(result.Decision.Decision.ToString());
            if (result.IsAuthenticatedByDane)
            {
                Log.DaneAccepted(_logger, trust.Host, trust.Port, result);
            }
            else
            {
                Log.PkixAccepted(_logger, trust.Host, trust.Port, result);
            }

            return result;
        }
        catch (DaneAuthenticationException e)
        {
            _metrics?.RecordVerification("Reject");
            Log.Refused(_logger, trust.Host, trust.Port, e.Message);
            throw;
        }
    }
}
