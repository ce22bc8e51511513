using System.Collections.Concurrent;
using System.Net;
using DaneSockets.Tls;

namespace DaneHttp.Http;

/// <summary>
/// The primary handler of a DANE HttpClient. Every endpoint (host and port) gets its own <see cref="EndpointHandler"/>,
/// whose connect step resolves validated addresses while the TLSA lookup runs, and whose certificate callback applies
/// DANE to exactly that endpoint. Redirects are followed here, so every new endpoint is authenticated on its own TLSA.
/// Only https is served.
/// </summary>
internal sealed class DaneTransportHandler : HttpMessageHandler
{
    private readonly IEndpointAuthenticator _authenticator;
    private readonly DaneHttpTransportSettings _settings;
    private readonly ConcurrentDictionary<(string Host, int Port), EndpointHandler> _endpoints = new();
    private bool _disposed;
    private long _nextEvictionTicks;

    public DaneTransportHandler(IEndpointAuthenticator authenticator, DaneHttpTransportSettings settings)
    {
        _authenticator = authenticator;
        _settings = settings;
    }

    /// <summary>Number of endpoints with a pool of their own.</summary>
    internal int EndpointCount => _endpoints.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.RequestUri is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException("The request needs an absolute URI.");
        }

        int redirects = 0;
        while (true)
        {
            Uri target = request.RequestUri!;
            if (!string.Equals(target.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpRequestException($"A DANE client makes only https requests; refused {target.Scheme}://{target.Authority}.");
            }

            EndpointHandler endpoint = GetEndpoint(target.IdnHost, target.Port);
            HttpResponseMessage response;
            try
            {
                response = await endpoint.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (FindDaneRefusal(e) is { } dane && !ReferenceEquals(e.InnerException, dane))
            {
                // A refusal raised inside the TLS handshake (the TLSA answer arrived while it ran) surfaces like one raised
                // before connecting: an HttpRequestException whose inner exception is the DANE exception.
                throw new HttpRequestException(e.HttpRequestError, e.Message, dane);
            }

            if (endpoint.Evidence is { } evidence)
            {
                request.Options.Set(DaneRequestOptions.ConnectionEvidence, evidence);
            }

            if (!_settings.AllowAutoRedirect || !IsRedirect(response.StatusCode) || response.Headers.Location is null)
            {
                return response;
            }

            Uri next = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(target, response.Headers.Location);
            if (!string.Equals(next.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) || ++redirects > _settings.MaxAutomaticRedirections)
            {
                // Like SocketsHttpHandler, never follow https → http: the caller gets the redirect response.
                return response;
            }

            response.Dispose();
            RewriteForRedirect(request, response.StatusCode, next, target);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            foreach (EndpointHandler endpoint in _endpoints.Values)
            {
                endpoint.Dispose();
            }

            _endpoints.Clear();
        }

        base.Dispose(disposing);
    }

    private EndpointHandler GetEndpoint(string host, int port)
    {
        var key = (host.ToLowerInvariant(), port);
        if (_endpoints.TryGetValue(key, out EndpointHandler? existing))
        {
            return existing;
        }

        EvictIdleEndpoints();
        var created = new EndpointHandler(key.Item1, port, _authenticator, _settings);
        EndpointHandler winner = _endpoints.GetOrAdd(key, created);
        if (!ReferenceEquals(winner, created))
        {
            created.Dispose();
        }

        return winner;
    }

    private void EvictIdleEndpoints()
    {
        DateTimeOffset now = _settings.TimeProvider.GetUtcNow();
        long next = Interlocked.Read(ref _nextEvictionTicks);
        if (_endpoints.Count < _settings.MaxEndpoints || now.UtcTicks < next
            || Interlocked.CompareExchange(ref _nextEvictionTicks, (now + _settings.PooledConnectionIdleTimeout).UtcTicks, next) != next)
        {
            // Below the limit, or scanned less than one idle timeout ago (nothing new can have become idle enough), or
            // another request is scanning: a new endpoint costs no walk over all the others.
            return;
        }

        // Endpoints idle for longer than a pooled connection may idle hold no connection worth keeping.
        DateTimeOffset cutoff = now - _settings.PooledConnectionIdleTimeout - _settings.PooledConnectionIdleTimeout;
        foreach (var pair in _endpoints)
        {
            if (pair.Value.LastUsed < cutoff && _endpoints.TryRemove(pair))
            {
                pair.Value.Dispose();
            }
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

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static void RewriteForRedirect(HttpRequestMessage request, HttpStatusCode status, Uri next, Uri previous)
    {
        // RFC 9110 §15.4: 303 turns any method but HEAD into GET; 301/302 turn POST into GET (as browsers and .NET do).
        bool toGet = (status == HttpStatusCode.SeeOther && request.Method != HttpMethod.Head)
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post);
        if (toGet)
        {
            request.Method = HttpMethod.Get;
            request.Content = null;
            request.Headers.TransferEncodingChunked = false;
        }

        // Credentials are not forwarded to another origin.
        if (!string.Equals(next.IdnHost, previous.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != previous.Port)
        {
            request.Headers.Authorization = null;
        }

        request.RequestUri = next;
        request.Headers.Host = null;
    }
}
