using System.Collections.Immutable;
using System.Net;
using DnsSecure.Caching;
using DnsSecure.Diagnostics;
using DnsSecure.Edns;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSecure.Resolution;

/// <summary>
/// A caching stub resolver over UDP, TCP and DNS over TLS.
/// <list type="bullet">
/// <item><b>Servers</b> are tried in rounds: fastest smoothed RTT first (or round-robin with rotate); each round doubles the
/// per-server timeout (exponential backoff). SERVFAIL, REFUSED, timeouts and network errors move on to the next server.</item>
/// <item><b>EDNS(0)</b> is sent by default. A server answering FORMERR or NOTIMP without OPT is remembered as not speaking
/// EDNS and asked again without it (RFC 6891 §7) — unless DO is needed, which is then reported, not silently dropped.</item>
/// <item><b>Truncated</b> UDP answers are retried over TCP (RFC 7766 §5).</item>
/// <item><b>Cache</b>: positive and negative answers per question, shared by concurrent identical lookups, which cause a
/// single upstream query.</item>
/// </list>
/// </summary>
public sealed class StubResolver : IStubResolver, IAsyncDisposable, IDisposable
{
    private readonly StubResolverSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly UdpTransport _udp;
    private readonly StreamTransport _streams;
    private readonly ServerInfrastructureCache _infrastructure;
    private readonly ResponseCache? _cache;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SingleFlight<CacheKey, LookupResult> _singleFlight;
    private readonly NameServer[]? _singleServer;
    private readonly EdnsRecord _ednsDnssecOk;
    private readonly EdnsRecord _ednsPlain;
    private int _rotation = -1;
    private long _upstreamQueries;

    /// <summary>A resolver using this machine's configuration.</summary>
    public StubResolver()
        : this(new StubResolverOptions())
    {
    }

    /// <summary>A resolver with the given options.</summary>
    /// <param name="options">Servers, timeouts, cache sizes; validated and copied now.</param>
    /// <param name="logger">Where diagnostics go; none when null.</param>
    /// <param name="timeProvider">Time for deadlines, RTTs and cache expiry; the system clock when null.</param>
    /// <exception cref="ArgumentException">An option is out of range or no server is configured.</exception>
    public StubResolver(StubResolverOptions options, ILogger<StubResolver>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Build();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        // A flight started by a caller that cannot cancel watches _disposed (cancelled first in DisposeAsync) instead of a
        // token source of its own.
        _singleFlight = new SingleFlight<CacheKey, LookupResult>(_disposed.Token);
        var transport = new TransportSettings
        {
            UdpPayloadSize = _settings.UdpPayloadSize,
            TcpIdleTimeout = _settings.TcpIdleTimeout,
            TimeProvider = _timeProvider,
            Logger = _logger,
        };
        _udp = new UdpTransport(transport);
        _streams = new StreamTransport(transport);
        _singleServer = _settings.Servers.Length == 1 ? [_settings.Servers[0]] : null;
        _ednsDnssecOk = new EdnsRecord { DnssecOk = true, UdpPayloadSize = _settings.UdpPayloadSize };
        _ednsPlain = new EdnsRecord { DnssecOk = false, UdpPayloadSize = _settings.UdpPayloadSize };
        _infrastructure = new ServerInfrastructureCache(_timeProvider, _settings.EdnsFallbackDuration, _settings.MaxTimeout);
        _cache = _settings.CacheMaxEntries > 0
            ? new ResponseCache(_timeProvider, _settings.CacheMaxEntries, _settings.CacheMaxTtl, _settings.NegativeCacheMaxTtl)
            : null;
    }

    /// <summary>The servers this resolver queries, in configured order.</summary>
    public ImmutableArray<NameServer> Servers => _settings.Servers;

    /// <summary>Queries sent upstream since creation (every transport, retries included).</summary>
    public long UpstreamQueryCount => Interlocked.Read(ref _upstreamQueries);

    /// <summary>True when callers always resume on the thread pool (<see cref="StubResolverOptions.ContinueOnThreadPool"/>).</summary>
    internal bool ContinuesOnThreadPool => _settings.ContinueOnThreadPool;

    /// <summary>TCP and TLS connections opened since creation.</summary>
    internal int StreamConnectionsOpened => _streams.ConnectionsOpened;

    /// <summary>Looks up <paramref name="name"/> / <paramref name="type"/> in class IN.</summary>
    public ValueTask<LookupResult> LookupAsync(DomainName name, RecordType type, LookupOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LookupAsync(new DnsQuestion(name, type), options, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default) =>
        Transport.EventLoop.LoopEscape.Leave(LookupOnLoopAsync(question, options, cancellationToken), _settings.ContinueOnThreadPool); // the caller may resume on the UDP loop thread (LoopEscape)

    /// <summary>The lookup for library callers: may complete on a UDP loop thread (they continue there, inline).</summary>
    internal ValueTask<LookupResult> LookupOnLoopAsync(DnsQuestion question, LookupOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question.Name, nameof(question));
        if (_disposed.IsCancellationRequested)
        {
            return ValueTask.FromException<LookupResult>(new ObjectDisposedException(GetType().FullName));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<LookupResult>(cancellationToken);
        }

        options ??= LookupOptions.Default;
        var key = new CacheKey(question, options.DnssecOk, options.CheckingDisabled);

        // The hit path allocates nothing: no state machine, no closure (those live in ResolveSharedAsync).
        if (_cache is not null && !options.BypassCache && _cache.TryGet(key) is { } cached)
        {
            Log.CacheHit(_logger, question);
            return new ValueTask<LookupResult>(cached);
        }

        return new ValueTask<LookupResult>(ResolveSharedAsync(key, options, cancellationToken));
    }

    /// <summary>
    /// Puts <paramref name="server"/> last in the server order (its smoothed RTT set to the maximum), e.g. after it was
    /// found stripping DNSSEC records; a server that answers well again earns its place back through new RTT samples.
    /// </summary>
    internal void Demote(IPEndPoint server) => _infrastructure.RecordFailure(server, _settings.MaxTimeout * 2);

    /// <summary>Drops every cached answer.</summary>
    public void ClearCache() => _cache?.Clear();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        await _singleFlight.CancelAllAsync().ConfigureAwait(false);
        await _streams.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Single flight: concurrent identical questions share one upstream resolution. The options travel as the flight's state
    // (no closure and delegate per lookup).
    private Task<LookupResult> ResolveSharedAsync(CacheKey key, LookupOptions options, CancellationToken cancellationToken) =>
        _singleFlight.RunAsync(key, (Resolver: this, Options: options), static (k, state, abandoned) => state.Resolver.ResolveAsync(k, state.Options, abandoned), cancellationToken);

    private async Task<LookupResult> ResolveAsync(CacheKey key, LookupOptions options, CancellationToken abandoned)
    {
        if (_cache is not null && !options.BypassCache && _cache.TryGet(key) is { } cached)
        {
            return cached;
        }

        // The shared resolution stops when every caller waiting for it has cancelled or the resolver is disposed: DisposeAsync
        // cancels the flights in progress, and one that starts after it sees the resolver's own token cancelled. (This saves a
        // linked token source and its registrations on every lookup.)
        CancellationToken cancellationToken = _disposed.IsCancellationRequested ? _disposed.Token : abandoned;
        DnsQuestion question = key.Question;
        long started = _timeProvider.GetTimestamp();
        // One server needs no ordering (and no copy of the list); the set of excluded servers is made when needed.
        IReadOnlyList<NameServer> servers = _singleServer
            ?? _infrastructure.Order(_settings.Servers, _settings.Rotate, (int)((uint)Interlocked.Increment(ref _rotation) % (uint)_settings.Servers.Length));
        HashSet<NameServer>? excluded = null;
        int attempts = 0;
        bool sawTimeout = false, sawEdnsUnsupported = false, sawTlsFailure = false;
        DnsMessage? errorResponse = null;
        NameServer? errorServer = null;
        DnsTransportProtocol errorTransport = DnsTransportProtocol.Udp;
        NameServer? lastServer = null;

        for (int round = 0; round < _settings.Attempts; round++)
        {
            // Exponential backoff: each round waits twice as long per server (RFC 1035 §4.2.1 leaves the policy to us).
            TimeSpan timeout = _settings.Timeout * Math.Pow(2, round);
            if (timeout > _settings.MaxTimeout)
            {
                timeout = _settings.MaxTimeout;
            }

            for (int i = 0; i < servers.Count; i++)
            {
                NameServer server = servers[i]; // by index: no enumerator box per round
                if (excluded is not null && excluded.Contains(server))
                {
                    continue;
                }

                lastServer = server;
                ServerAttempt attempt;
                bool edns = _settings.UseEdns && !_infrastructure.IsEdnsUnsupported(server.EndPoint);
                if (options.DnssecOk && !edns)
                {
                    // RFC 3225 §3: DO travels in the OPT record; without EDNS the server cannot return DNSSEC records.
                    attempt = new ServerAttempt(ExchangeOutcome.EdnsUnsupported, null, server.Protocol, 0);
                }
                else
                {
                    // The usual case (one query, answered) awaits the transport here: no state machine per server and send.
                    long sentAt = _timeProvider.GetTimestamp();
                    ExchangeResult first = await Send(server, server.Protocol, BuildQuery(question, options, edns), timeout, cancellationToken).ConfigureAwait(false);
                    Record(server, sentAt, timeout, first);
                    attempt = NeedsFollowUp(server.Protocol, edns, first)
                        ? await FollowUpAsync(server, question, options, timeout, edns, first, cancellationToken).ConfigureAwait(false)
                        : new ServerAttempt(first.Outcome, first.Response, server.Protocol, 1);
                }

                attempts += attempt.Queries;
                switch (attempt.Outcome)
                {
                    case ExchangeOutcome.Response when attempt.Response!.ResponseCode is ResponseCode.NoError or ResponseCode.NXDomain:
                        return Completed(key, new LookupResult
                        {
                            Question = question,
                            Status = LookupStatus.Success,
                            Response = attempt.Response,
                            GroupedAnswersOf = attempt.Response, // grouped when first read (a validator never reads it)
                            Server = server,
                            Transport = attempt.Transport,
                            Elapsed = _timeProvider.GetElapsedTime(started),
                            Attempts = attempts,
                        });
                    case ExchangeOutcome.Response:
                        // SERVFAIL, REFUSED and the like: another server may do better.
                        errorResponse = attempt.Response;
                        errorServer = server;
                        errorTransport = attempt.Transport;
                        Log.ServerErrorResponse(_logger, question, server.EndPoint, attempt.Response!.ResponseCode);
                        break;
                    case ExchangeOutcome.EdnsUnsupported:
                        sawEdnsUnsupported = true;
                        (excluded ??= new HashSet<NameServer>(ReferenceEqualityComparer.Instance)).Add(server);
                        Log.ServerFailed(_logger, question, server.EndPoint, attempt.Outcome);
                        break;
                    case ExchangeOutcome.TlsAuthenticationFailed:
                        sawTlsFailure = true;
                        (excluded ??= new HashSet<NameServer>(ReferenceEqualityComparer.Instance)).Add(server);
                        break;
                    case ExchangeOutcome.Timeout:
                        sawTimeout = true;
                        Log.ServerFailed(_logger, question, server.EndPoint, attempt.Outcome);
                        break;
                    default:
                        Log.ServerFailed(_logger, question, server.EndPoint, attempt.Outcome);
                        break;
                }
            }
        }

        LookupStatus status = errorResponse is not null ? LookupStatus.ServerFailure
            : sawEdnsUnsupported ? LookupStatus.EdnsNotSupported
            : sawTlsFailure ? LookupStatus.TlsAuthenticationFailed
            : sawTimeout ? LookupStatus.Timeout
            : LookupStatus.AllServersFailed;
        return Completed(key, new LookupResult
        {
            Question = question,
            Status = status,
            Response = errorResponse,
            Server = errorServer ?? lastServer,
            Transport = errorResponse is not null ? errorTransport : (lastServer?.Protocol ?? DnsTransportProtocol.Udp),
            Elapsed = _timeProvider.GetElapsedTime(started),
            Attempts = attempts,
        });
    }

    private LookupResult Completed(CacheKey key, LookupResult result)
    {
        _cache?.Store(key, result);
        Log.LookupCompleted(_logger, key.Question, result.Status, result.Attempts);
        return result;
    }

    /// <summary>True when the first answer of a server needs the EDNS fallback (RFC 6891 §7) or the TCP retry (RFC 7766 §5).</summary>
    private static bool NeedsFollowUp(DnsTransportProtocol transport, bool edns, ExchangeResult first) =>
        (edns && first.Response is { Edns: null, ResponseCode: ResponseCode.FormErr or ResponseCode.NotImp })
        || (transport == DnsTransportProtocol.Udp && first.Response is { Truncated: true });

    /// <summary>One server after its first answer: the EDNS fallback (RFC 6891 §7) and the TCP retry of truncated answers (RFC 7766 §5).</summary>
    private async Task<ServerAttempt> FollowUpAsync(NameServer server, DnsQuestion question, LookupOptions options, TimeSpan timeout, bool edns, ExchangeResult result, CancellationToken cancellationToken)
    {
        int queries = 1;
        DnsTransportProtocol transport = server.Protocol;
        if (edns && result.Response is { Edns: null, ResponseCode: ResponseCode.FormErr or ResponseCode.NotImp })
        {
            // RFC 6891 §7: a responder without EDNS answers FORMERR (or NOTIMP) with no OPT; remember it, retry plain.
            _infrastructure.MarkEdnsUnsupported(server.EndPoint);
            Log.EdnsUnsupported(_logger, server.EndPoint, result.Response.ResponseCode);
            if (options.DnssecOk)
            {
                return new ServerAttempt(ExchangeOutcome.EdnsUnsupported, null, transport, queries);
            }

            long sentAt = _timeProvider.GetTimestamp();
            result = await Send(server, transport, BuildQuery(question, options, edns: false), timeout, cancellationToken).ConfigureAwait(false);
            Record(server, sentAt, timeout, result);
            queries++;
        }

        if (transport == DnsTransportProtocol.Udp && result.Response is { Truncated: true } truncated)
        {
            // RFC 7766 §5 / RFC 1035 §4.2.1: a truncated UDP answer is asked again over TCP.
            Log.TruncatedRetry(_logger, question, server.EndPoint);
            transport = DnsTransportProtocol.Tcp;
            long sentAt = _timeProvider.GetTimestamp();
            result = await Send(server, transport, BuildQuery(question, options, edns && truncated.Edns is not null), timeout, cancellationToken).ConfigureAwait(false);
            Record(server, sentAt, timeout, result);
            queries++;
        }

        return new ServerAttempt(result.Outcome, result.Response, transport, queries);
    }

    /// <summary>Sends one query to one server; the caller awaits it and then calls <see cref="Record"/> (no state machine here).</summary>
    private ValueTask<ExchangeResult> Send(NameServer server, DnsTransportProtocol transport, DnsMessage query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _upstreamQueries);
        Log.QuerySent(_logger, query.Question, server.EndPoint, transport);
        return transport == DnsTransportProtocol.Udp
            ? _udp.ExchangeAsync(query, server.EndPoint, timeout, cancellationToken)
            : _streams.ExchangeAsync(query, server, timeout, cancellationToken);
    }

    /// <summary>Records the round trip of an answered query, or the failure of one that was not.</summary>
    private void Record(NameServer server, long started, TimeSpan timeout, ExchangeResult result)
    {
        if (result.Outcome == ExchangeOutcome.Response)
        {
            _infrastructure.RecordRtt(server.EndPoint, _timeProvider.GetElapsedTime(started));
        }
        else if (result.Outcome is ExchangeOutcome.Timeout or ExchangeOutcome.NetworkError)
        {
            _infrastructure.RecordFailure(server.EndPoint, timeout);
        }
    }

    private DnsMessage BuildQuery(DnsQuestion question, LookupOptions options, bool edns) => new()
    {
        RecursionDesired = options.RecursionDesired,
        CheckingDisabled = options.CheckingDisabled,

        // RFC 6840 §5.7: AD in a query asks for the AD bit in the answer; only meaningful towards trusted servers.
        AuthenticData = _settings.TrustAd,
        Questions = [question],
        Edns = edns ? (options.DnssecOk ? _ednsDnssecOk : _ednsPlain) : null,
    };

    private readonly record struct ServerAttempt(ExchangeOutcome Outcome, DnsMessage? Response, DnsTransportProtocol Transport, int Queries);
}
