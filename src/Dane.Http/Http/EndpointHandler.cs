using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Tls;

namespace DaneHttp.Http;

/// <summary>
/// The connection pool of exactly one endpoint (host and port). Its certificate callback is bound to that endpoint, so the
/// port that <see cref="SslStream.TargetHostName"/> does not carry can never be confused with another one's.
/// </summary>
internal sealed class EndpointHandler : IDisposable
{
    /// <summary>Known TLSA data is reused for a new connection only while at least this much of its TTL is left.</summary>
    private static readonly TimeSpan TrustReuseMargin = TimeSpan.FromSeconds(5);

    private readonly IEndpointAuthenticator _authenticator;
    private readonly TimeProvider _timeProvider;
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri? _proxy;
    private EndpointTrust? _trust;
    private Task<EndpointTrust>? _latestLookup;
    private object? _evidence;
    private long _lastUsedTicks;

    public EndpointHandler(string host, int port, IEndpointAuthenticator authenticator, DaneHttpTransportSettings settings)
    {
        Host = host;
        Port = port;
        _authenticator = authenticator;
        _timeProvider = settings.TimeProvider;
        _proxy = settings.Proxy;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = settings.Proxy is not null,
            Proxy = settings.Proxy is null ? null : new WebProxy(settings.Proxy),
            PooledConnectionLifetime = settings.MaxConnectionLifetime,
            PooledConnectionIdleTimeout = settings.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateCertificate,

                // One handler has one set of TLS options, whatever the endpoint's TLSA data turns out to be: the runtime's own
                // chain build runs against no trust store, downloads nothing and checks no revocation (DaneChainPolicy, which
                // spares ≈ 0.4–0.5 ms per handshake). The DANE check reads only what the server sent. PKIX-TA/PKIX-EE records
                // are matched on the matcher's own PKIX path (no downloads); the PKIX fallback a policy allows builds its own
                // chain against the system's roots (DaneEndpointAuthenticator tells the check this policy was set).
                CertificateChainPolicy = DaneChainPolicy.Create(),
            },
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        Touch();
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The verification result of the latest connection to this endpoint.</summary>
    public object? Evidence => Volatile.Read(ref _evidence);

    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Touch();
        return _invoker.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        bool viaProxy = IsProxy(context.DnsEndPoint);
        if (Volatile.Read(ref _trust) is { } known && known.ValidUntil - _timeProvider.GetUtcNow() >= TrustReuseMargin)
        {
            // The endpoint's TLSA data (and the addresses found with it) are still within their TTL: no lookup at all.
            Stream direct = viaProxy
                ? await ConnectToProxyAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false)
                : await _authenticator.ConnectAsync(Host, Port, known, cancellationToken).ConfigureAwait(false);
            return new ExpiringStream(direct, known.ValidUntil, _timeProvider);
        }

        // The TLSA lookup runs alongside the connection: A/AAAA first, then the TCP connect while the TLSA answer is still on
        // its way. The TLS handshake starts once that answer is in, so SslStream's synchronous certificate callback never
        // has to block a thread waiting for DNS.
        Task<EndpointTrust> trustTask = _authenticator.GetTrustAsync(Host, Port, cancellationToken).AsTask();
        Volatile.Write(ref _latestLookup, trustTask);
        Stream stream;
        try
        {
            stream = viaProxy
                ? await ConnectToProxyAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false)
                : await _authenticator.ConnectAsync(Host, Port, null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // As when the lookup finished first: a DNS verdict that forbids the connection is the reason given.
            await trustTask.ConfigureAwait(false);
            throw;
        }

        try
        {
            Volatile.Write(ref _trust, await trustTask.ConfigureAwait(false));
        }
        catch
        {
            // DNS refused (Bogus, Indeterminate, or Required without TLSA): no TLS handshake.
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ExpiringStream(stream, trustTask, _timeProvider);
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        EndpointTrust trust = CurrentTrust();
        object evidence = _authenticator.Verify(trust, certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())), chain, errors);
        Volatile.Write(ref _evidence, evidence);
        return evidence is not null;
    }

    /// <summary>
    /// The data this handshake is checked against: the endpoint's TLSA data while it has the TTL a new connection would
    /// reuse it with; otherwise the endpoint's latest completed lookup — one that refused throws its
    /// <see cref="DaneSockets.Tls.DaneAuthenticationException"/>. Never waits: every handshake starts after its lookup.
    /// </summary>
    private EndpointTrust CurrentTrust()
    {
        if (Volatile.Read(ref _trust) is { } known && known.ValidUntil - _timeProvider.GetUtcNow() >= TrustReuseMargin)
        {
            return known;
        }

        if (Volatile.Read(ref _latestLookup) is { IsCompleted: true } lookup)
        {
            // The newest completed lookup of this endpoint; one that refused throws, so the handshake fails closed. (A newer
            // lookup still in flight is not waited for: this connection's own lookup completed before its handshake began.)
            return lookup.GetAwaiter().GetResult();
        }

        return Volatile.Read(ref _trust)
            ?? throw new System.Security.Authentication.AuthenticationException($"No TLSA data was obtained for {Host}:{Port}.");
    }

    private bool IsProxy(DnsEndPoint endpoint) =>
        _proxy is not null && (endpoint.Port != Port || !string.Equals(endpoint.Host, Host, StringComparison.OrdinalIgnoreCase));

    private static async Task<Stream> ConnectToProxyAsync(DnsEndPoint proxy, CancellationToken cancellationToken)
    {
        // The proxy is the caller's own choice and is not authenticated by DANE; the TLS session through it is.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(proxy, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastUsedTicks, _timeProvider.GetUtcNow().UtcTicks);
}
