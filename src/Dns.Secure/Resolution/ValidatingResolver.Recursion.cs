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

    /// <summary>True while lookups bypass a stub upstream found unable to deliver DNSSEC (see
    /// <see cref="ValidatingResolverOptions.AllowRecursiveFallback"/>).</summary>
    public bool IsFallingBack => _fallback?.IsActive(_time) == true;

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

    /// <summary>
    /// Resolves through the primary source; in stub mode, when the upstream turns out unable to deliver DNSSEC, either
    /// falls back to iteration (when allowed) or reports Indeterminate — a stripping upstream is "cannot tell", not "forged".
    /// </summary>
    private async Task<ValidatedLookup> ResolveWithFallbackAsync(DomainName name, RecordType type, CancellationToken cancellationToken)
    {
        if (_fallback is { } active && active.IsActive(_time))
        {
            return await active.ResolveAsync(name, type, cancellationToken).ConfigureAwait(false);
        }

        ValidatedLookup result = await ResolveCoreAsync(name, type, cancellationToken).ConfigureAwait(false);
        result = result with { Source = _primarySource };
        if (_primarySource != ResolutionSource.Stub || !MayBeStripped(result))
        {
            return result;
        }

        string? reason = await ProbeUpstreamAsync(name, cancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            return result; // the upstream does deliver signed keys: the failure is the data's, and stays
        }

        if (_fallback is null)
        {
            Log.UpstreamStripsDnssec(_logger, result.Question, reason);
            return result with
            {
                Status = DnssecStatus.Indeterminate,
                Failure = ValidationFailure.Create(ValidationFailureKind.MissingSignature, name, type, $"the upstream cannot deliver DNSSEC: {reason}"),
            };
        }

        _fallback.Activate(_time);
        Log.RecursiveFallback(_logger, reason, _fallback.Duration);
        return await _fallback.ResolveAsync(name, type, cancellationToken).ConfigureAwait(false);
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
    private async ValueTask<string?> ProbeUpstreamAsync(DomainName name, CancellationToken cancellationToken)
    {
        DomainName zone = _anchors.FindClosest(name)?.Zone ?? DomainName.Root;
        DataSourceResponse probe = await _source.QueryAsync(new DnsQuestion(zone, RecordType.DNSKEY), cancellationToken).ConfigureAwait(false);
        if (!probe.HasMessage)
        {
            return probe.Failure ?? "no answer";
        }

        DnsMessage message = probe.Message;
        bool keys = message.Answers.Any(r => r.Type == RecordType.DNSKEY && r.Name == zone);
        bool signatures = message.Answers.Any(r => r.Data is RrsigRdata { TypeCovered: RecordType.DNSKEY } && r.Name == zone);
        return (keys, signatures) switch
        {
            (true, true) => null,
            (true, false) => $"the {zone} DNSKEY RRset comes without RRSIGs",
            _ => $"no {zone} DNSKEY RRset in its answer ({message.ResponseCode})",
        };
    }

    /// <summary>The iterating resolver used while the stub upstream is bypassed, and until when.</summary>
    private sealed class RecursiveFallback(ValidatingResolver resolver, TimeSpan duration)
    {
        private long _untilTicks;

        public TimeSpan Duration => duration;

        public bool IsActive(TimeProvider time) => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _untilTicks);

        public void Activate(TimeProvider time) => Interlocked.Exchange(ref _untilTicks, (time.GetUtcNow() + duration).UtcTicks);

        public async Task<ValidatedLookup> ResolveAsync(DomainName name, RecordType type, CancellationToken cancellationToken)
        {
            ValidatedLookup result = await resolver.ResolveCoreAsync(name, type, cancellationToken).ConfigureAwait(false);
            return result with { Source = ResolutionSource.RecursiveFallback };
        }
    }
}
