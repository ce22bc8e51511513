using System.Collections.Concurrent;
using System.Net;
using DnsSecure.Caching;
using DnsSecure.Diagnostics;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Recursion;
using DnsSecure.Records;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Resolution;

/// <summary>Recursive mode and the stub-to-recursive fallback of <see cref="ValidatingResolver"/>.</summary>
public sealed partial class ValidatingResolver
{
    private readonly ResolutionSource _primarySource;
    private readonly RecursiveFallback? _fallback;
    private readonly IDnssecDataSource _source;
    private readonly ILogger _logger;

    /// <summary>
    /// A resolver in recursive mode: it iterates from the root hints itself (<see cref="IterativeDataSource"/>) and needs no
    /// recursive server. Hints, iteration limits, the channel to authoritative servers and the logger come from
    /// <paramref name="options"/> (<see cref="RootHints.Iana"/> and the network by default).
    /// </summary>
    /// <param name="anchors">Trust anchors; the IANA root anchors when null.</param>
    /// <param name="options">Resolver options, including <see cref="ValidatingResolverOptions.RootHints"/> and
    /// <see cref="ValidatingResolverOptions.Recursion"/>.</param>
    /// <param name="timeProvider">Clock for signatures and caches; the system clock when null.</param>
    public static ValidatingResolver CreateRecursive(TrustAnchorStore? anchors = null, ValidatingResolverOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new ValidatingResolverOptions();
        return new ValidatingResolver(CreateIterativeSource(options, timeProvider), anchors, options, timeProvider);
    }

    /// <summary>Stub when the resolver asks an upstream, Recursive when it iterates itself.</summary>
    public ResolutionSource Mode => _primarySource;

    /// <summary>True while some stub upstream is remembered as unable to deliver DNSSEC, so that lookups it would answer
    /// iterate instead (see <see cref="ValidatingResolverOptions.AllowRecursiveFallback"/>). The window is kept per
    /// upstream: other upstreams are still asked.</summary>
    public bool IsFallingBack => _fallback?.IsAnyActive(_time) == true;

    private static IterativeDataSource CreateIterativeSource(ValidatingResolverOptions options, TimeProvider? timeProvider) => new(
        options.RootHints ?? RootHints.Iana,
        options.AuthoritativeChannel ?? new NetworkAuthoritativeChannel(options.Recursion, timeProvider, options.Logger),
        options.Recursion,
        timeProvider,
        options.Logger);

    private static RecursiveFallback? CreateFallback(IDnssecDataSource source, TrustAnchorStore? anchors, ValidatingResolverOptions options, TimeProvider? timeProvider)
    {
        if (!options.AllowRecursiveFallback || source is IterativeDataSource)
        {
            return null;
        }

        // The same options: over an iterative source a resolver never builds a fallback of its own (the check above) and
        // never trusts an upstream AD bit (only a stub source can offer one), so nothing needs switching off.
        var resolver = new ValidatingResolver(CreateIterativeSource(options, timeProvider), anchors, options, timeProvider);
        return new RecursiveFallback(resolver, options.RecursiveFallbackDuration);
    }

    /// <summary>Clears what the recursion side caches: the chain of trust, the iterator's delegations, answers and server
    /// state, and the fallback resolver's caches.</summary>
    private void ClearRecursionCaches()
    {
        _chain.Clear();
        (_source as IterativeDataSource)?.ClearCache();
        _fallback?.Resolver.ClearCache();
    }

    /// <summary>
    /// One lookup through the primary source; over an iterative source, retried at other servers when validation fails
    /// (Unbound's server blacklist, as Deckard's black_* scenarios expect): the server whose message the failure is
    /// about is distrusted for its zone, the failed links of the chain are forgotten and the lookup runs again, at most
    /// <see cref="IterativeResolverOptions.MaxValidationRetries"/> times and within one shared work budget. Only when every
    /// attempt fails is the answer Bogus — and it stays Bogus (the first failure's reason) when a retry merely runs out of
    /// budget or servers.
    /// </summary>
    private Task<ValidatedLookup> ResolveAttemptsAsync(DomainName name, RecordType type, CancellationToken cancellationToken) =>
        _source is IterativeDataSource { MaxValidationRetries: not 0 } iterative
            ? ResolveWithRetriesAsync(iterative, name, type, cancellationToken)
            : ResolveCoreAsync(name, type, cancellationToken); // one attempt: the core's task itself, no forwarding state machine

    private async Task<ValidatedLookup> ResolveWithRetriesAsync(IterativeDataSource iterative, DomainName name, RecordType type, CancellationToken cancellationToken)
    {
        var budget = new WorkBudget(_settings.MaxQueriesPerLookup, _settings.MaxVerificationsPerLookup);
        ValidatedLookup? bogus = null;
        for (int retry = 0; ; retry++)
        {
            IterativeDataSource.AttemptLog log = IterativeDataSource.BeginAttempt();
            ValidatedLookup result = await ResolveCoreAsync(name, type, cancellationToken, budget).ConfigureAwait(false);
            if (bogus is not null && (result.Status == DnssecStatus.Indeterminate || result.Failure?.Kind == ValidationFailureKind.WorkLimitExceeded))
            {
                // The retry found no other server or ran out of work: the data that was received is still bogus.
                return bogus with { UpstreamQueries = budget.Queries, SignatureVerifications = budget.Verifications };
            }

            if (result.Status != DnssecStatus.Bogus || result.Failure is not { } failure
                || failure.Kind == ValidationFailureKind.WorkLimitExceeded || retry >= iterative.MaxValidationRetries
                || budget.Queries >= _settings.MaxQueriesPerLookup)
            {
                return result;
            }

            bogus = result;
            if (iterative.Distrust(result.Question, failure, log) is not { } zone)
            {
                return result;
            }

            _chain.ForgetFailures(zone);
        }
    }

    /// <summary>
    /// Resolves through the primary source; in stub mode, when the upstream turns out unable to deliver DNSSEC, either
    /// falls back to iteration (when allowed) or reports Indeterminate — a stripping upstream is "cannot tell", not "forged".
    /// One state machine for the whole uncached lookup: every answer leaves through <see cref="Completed"/> (sentinel, cache).
    /// </summary>
    private async Task<ValidatedLookup> ResolveUncachedAsync(QuestionKey key, CancellationToken cancellationToken)
    {
        DomainName name = key.Name;
        RecordType type = key.Type;
        if (_fallback is { } fallback && fallback.CoversAll(_source is StubDataSource stub ? stub.Upstreams : [], _time))
        {
            // Every upstream is remembered as stripping DNSSEC: iterate without asking them again.
            return Completed(key, await fallback.ResolveAsync(name, type, cancellationToken).ConfigureAwait(false));
        }

        int upstreams = _source is StubDataSource known ? Math.Max(1, known.Upstreams.Count) : 1;
        for (int round = 0; ; round++)
        {
            // The log of who answered is read only when another upstream could be asked next; with one upstream (or on
            // the last round) none is kept, which saves an execution context and a set per lookup.
            HashSet<IPEndPoint>? answeredBy = null;
            if (round + 1 < upstreams)
            {
                answeredBy = StubDataSource.BeginUpstreamLog();
            }
            else
            {
                StubDataSource.EndUpstreamLog();
            }

            ValidatedLookup result = await ResolveAttemptsAsync(name, type, cancellationToken).ConfigureAwait(false);
            if (result.Source != _primarySource)
            {
                result = result with { Source = _primarySource };
            }

            if (_primarySource != ResolutionSource.Stub || !MayBeStripped(result))
            {
                return Completed(key, result);
            }

            (string? reason, IPEndPoint? upstream) = await ProbeUpstreamAsync(name, cancellationToken).ConfigureAwait(false);
            IPEndPoint[] suspects = [];
            if (answeredBy is not null)
            {
                lock (answeredBy)
                {
                    suspects = [.. answeredBy];
                }
            }

            if (reason is null)
            {
                if (upstream is null || round + 1 >= upstreams || suspects.All(upstream.Equals) || _source is not StubDataSource other)
                {
                    return Completed(key, result); // the upstream that answered does deliver signed keys: the failure is the data's, and stays
                }

                // The probe reached an upstream that delivers DNSSEC, but other upstreams answered (part of) the failed
                // lookup: ask them last and try again, so that the good upstream answers.
                foreach (IPEndPoint suspect in suspects.Where(s => !s.Equals(upstream)))
                {
                    other.Demote(suspect);
                }

                _chain.ForgetFailures(DomainName.Root);
                continue;
            }

            if (_fallback is null)
            {
                Log.UpstreamStripsDnssec(_logger, result.Question, reason);
                return Completed(key, result with
                {
                    Status = DnssecStatus.Indeterminate,
                    Failure = ValidationFailure.Create(ValidationFailureKind.MissingSignature, name, type, $"the upstream cannot deliver DNSSEC: {reason}"),
                });
            }

            // The rule: remember the stripping upstream, not all of them; it is also asked last from now on, so
            // later lookups go to the other upstreams, and only a lookup that finds no good upstream iterates.
            if (_fallback.Activate(upstream, _time))
            {
                Log.RecursiveFallback(_logger, reason, _fallback.Duration);
            }

            if (upstream is not null && _source is StubDataSource demote)
            {
                demote.Demote(upstream);
                if (round + 1 < upstreams && !_fallback.CoversAll(demote.Upstreams, _time))
                {
                    // Another upstream is not known to strip: the lookup asks it before iterating.
                    _chain.ForgetFailures(DomainName.Root);
                    continue;
                }
            }

            return Completed(key, await _fallback.ResolveAsync(name, type, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>A failure that missing DNSSEC records could explain (tampered or expired signatures cannot).</summary>
    private static bool MayBeStripped(ValidatedLookup result) => result.Status switch
    {
        DnssecStatus.Indeterminate => true,
        DnssecStatus.Bogus => result.Failure?.Kind is ValidationFailureKind.MissingSignature or ValidationFailureKind.MissingDenial
            or ValidationFailureKind.MissingRecords or ValidationFailureKind.DsMismatch or ValidationFailureKind.NoMatchingKey,
        _ => false,
    };

    /// <summary>
    /// Asks the upstream for the DNSKEY RRset of the trust anchor's zone: a resolver that passes DNSSEC through returns it
    /// with its RRSIGs (RFC 4035 §3.2.1). Returns why it cannot deliver DNSSEC, or null when it can.
    /// </summary>
    private async ValueTask<(string? Reason, IPEndPoint? Upstream)> ProbeUpstreamAsync(DomainName name, CancellationToken cancellationToken)
    {
        DomainName zone = _anchors.FindClosest(name)?.Zone ?? DomainName.Root;
        var question = new DnsQuestion(zone, RecordType.DNSKEY);
        (DataSourceResponse probe, IPEndPoint? upstream) = _source is StubDataSource stub
            ? await stub.QueryWithServerAsync(question, cancellationToken).ConfigureAwait(false)
            : (await Transport.EventLoop.LoopEscape.Query(_source, question, cancellationToken).ConfigureAwait(false), null);
        if (!probe.HasMessage)
        {
            return (probe.Failure ?? "no answer", upstream);
        }

        DnsMessage message = probe.Message;
        bool keys = message.Answers.Any(r => r.Type == RecordType.DNSKEY && r.Name == zone);
        bool signatures = message.Answers.Any(r => r.Data is RrsigRdata { TypeCovered: RecordType.DNSKEY } && r.Name == zone);
        string? reason = (keys, signatures) switch
        {
            (true, true) => null,
            (true, false) => $"the {zone} DNSKEY RRset comes without RRSIGs",
            _ => $"no {zone} DNSKEY RRset in its answer ({message.ResponseCode})",
        };
        return (reason is null || upstream is null ? reason : $"{upstream}: {reason}", upstream);
    }

    /// <summary>
    /// The iterating resolver used instead of stub upstreams that strip DNSSEC, and until when each of them is bypassed.
    /// An upstream whose identity is unknown (a custom <see cref="IStubResolver"/>) is remembered under one shared key.
    /// </summary>
    private sealed class RecursiveFallback(ValidatingResolver resolver, TimeSpan duration)
    {
        // Unknown upstream: the port-0 "any" end point stands for the whole upstream.
        private static readonly IPEndPoint s_unknown = new(IPAddress.Any, 0);
        private readonly ConcurrentDictionary<IPEndPoint, long> _untilTicks = new();

        public TimeSpan Duration => duration;

        public ValidatingResolver Resolver => resolver;

        public bool IsAnyActive(TimeProvider time)
        {
            long now = time.GetUtcNow().UtcTicks;
            return _untilTicks.Values.Any(until => now < until);
        }

        /// <summary>True when every upstream in <paramref name="upstreams"/> (or the unknown one) is being bypassed.</summary>
        public bool CoversAll(IReadOnlyList<IPEndPoint> upstreams, TimeProvider time)
        {
            long now = time.GetUtcNow().UtcTicks;
            bool Active(IPEndPoint e) => _untilTicks.TryGetValue(e, out long until) && now < until;
            return upstreams.Count == 0 ? Active(s_unknown) : upstreams.All(Active);
        }

        /// <summary>Starts (or extends) the window of <paramref name="upstream"/>; true when it was not active before.</summary>
        public bool Activate(IPEndPoint? upstream, TimeProvider time)
        {
            DateTimeOffset now = time.GetUtcNow();
            IPEndPoint key = upstream ?? s_unknown;
            bool wasActive = _untilTicks.TryGetValue(key, out long until) && now.UtcTicks < until;
            _untilTicks[key] = (now + duration).UtcTicks;
            return !wasActive;
        }

        public async Task<ValidatedLookup> ResolveAsync(DomainName name, RecordType type, CancellationToken cancellationToken)
        {
            ValidatedLookup result = await resolver.ResolveAttemptsAsync(name, type, cancellationToken).ConfigureAwait(false);
            return result with { Source = ResolutionSource.RecursiveFallback };
        }
    }
}
