using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

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
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateCertificate },
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

        // The TLSA lookup runs alongside the TCP connect.
        Task<EndpointTrust> trustTask = _authenticator.GetTrustAsync(Host, Port, cancellationToken).AsTask();
        Task<Stream> connectTask = viaProxy
            ? ConnectToProxyAsync(context.DnsEndPoint, cancellationToken)
            : _authenticator.ConnectAsync(Host, Port, null, cancellationToken).AsTask();
        EndpointTrust trust;
        Stream stream;
        try
        {
            trust = await trustTask.ConfigureAwait(false);
            stream = await connectTask.ConfigureAwait(false);
        }
        catch
        {
            _ = connectTask.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        Volatile.Write(ref _trust, trust);
        return new ExpiringStream(stream, trust.ValidUntil, _timeProvider);
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        EndpointTrust trust = Volatile.Read(ref _trust)
            ?? throw new System.Security.Authentication.AuthenticationException($"No TLSA data was obtained for {Host}:{Port}.");
        object evidence = _authenticator.Verify(trust, certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())), chain, errors);
        Volatile.Write(ref _evidence, evidence);
        return evidence is not null;
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
