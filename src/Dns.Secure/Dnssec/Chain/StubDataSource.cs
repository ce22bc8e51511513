using DnsSecure.Resolution;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// Stub mode: asks the configured recursive servers with DO=1 and CD=1 and validates locally (as getdns does). An upstream
/// that cannot do EDNS cannot deliver DNSSEC data; that is a failure here, never a downgrade.
/// </summary>
public sealed class StubDataSource : IDnssecDataSource, IUpstreamValidatedSource
{
    // BypassCache: the validator caches what it validated (answers, zone keys); a stub-cached message is unvalidated, and
    // a forged one (an answer that won the ID race, with an attacker-chosen TTL) would make every lookup after the bogus
    // verdict expires bogus again, for as long as that TTL (found by tests/Adversarial.Tests, SpoofingTests).
    private static readonly LookupOptions s_options = new() { DnssecOk = true, CheckingDisabled = true, BypassCache = true };
    private static readonly LookupOptions s_upstreamValidates = new() { DnssecOk = true, BypassCache = true };
    private static readonly AsyncLocal<HashSet<System.Net.IPEndPoint>?> s_answeredBy = new();
    private readonly IStubResolver _resolver;
    private IReadOnlyList<System.Net.IPEndPoint>? _upstreams;

    /// <summary>Creates a source over a stub resolver.</summary>
    public StubDataSource(IStubResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <inheritdoc/>
    async ValueTask<DnsMessage?> IUpstreamValidatedSource.QueryTrustedAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        // The transport says which server answered and how: only its AD bit from a trusted path is believed.
        LookupResult result = await Transport.EventLoop.LoopEscape.Lookup(_resolver, question, s_upstreamValidates, cancellationToken).ConfigureAwait(false);
        return result.Status == LookupStatus.Success && result.Response is { AuthenticData: true } message
            && UpstreamTrust.IsTrusted(result.Server, result.Transport) ? message : null;
    }

    /// <summary>The upstream servers' end points when the stub resolver is a <see cref="StubResolver"/>; empty otherwise.</summary>
    // Built once: a StubResolver's servers are fixed at construction, and lookups read this list every time.
    internal IReadOnlyList<System.Net.IPEndPoint> Upstreams => _upstreams ??= _resolver is StubResolver stub ? [.. stub.Servers.Select(s => s.EndPoint)] : [];

    /// <summary>Starts collecting, in the current asynchronous flow, the upstreams that answer (one validation attempt).</summary>
    internal static HashSet<System.Net.IPEndPoint> BeginUpstreamLog()
    {
        var log = new HashSet<System.Net.IPEndPoint>();
        s_answeredBy.Value = log;
        return log;
    }

    /// <summary>Stops collecting upstreams in the current asynchronous flow (a lookup that will not read the log).</summary>
    internal static void EndUpstreamLog()
    {
        // Setting the value it already has (null, the usual case) changes nothing and allocates no execution context.
        s_answeredBy.Value = null;
    }

    /// <summary>Asks like <see cref="QueryAsync"/> and also says which upstream answered (null when unknown).</summary>
    internal async ValueTask<(DataSourceResponse Response, System.Net.IPEndPoint? Server)> QueryWithServerAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        LookupResult result = await Transport.EventLoop.LoopEscape.Lookup(_resolver, question, s_options, cancellationToken).ConfigureAwait(false);
        return (ToResponse(result), result.Server?.EndPoint);
    }

    /// <summary>Makes the stub resolver ask <paramref name="server"/> last (see <see cref="StubResolver.Demote"/>).</summary>
    internal void Demote(System.Net.IPEndPoint server) => (_resolver as StubResolver)?.Demote(server);

    /// <inheritdoc/>
    public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default) =>
        Transport.EventLoop.LoopEscape.Leave(QueryOnLoopAsync(question, cancellationToken), _resolver is StubResolver { ContinuesOnThreadPool: true }); // as the stub resolver's callers (StubResolverOptions.ContinueOnThreadPool)

    /// <summary>The query for library callers: may complete on a UDP loop thread (they continue there, inline).</summary>
    internal async ValueTask<DataSourceResponse> QueryOnLoopAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        LookupResult result = await Transport.EventLoop.LoopEscape.Lookup(_resolver, question, s_options, cancellationToken).ConfigureAwait(false);
        if (result.Server is { } server && s_answeredBy.Value is { } log)
        {
            lock (log)
            {
                log.Add(server.EndPoint);
            }
        }

        return ToResponse(result);
    }

    private static DataSourceResponse ToResponse(LookupResult result)
    {
        if (result.Response is { } message && result.Status == LookupStatus.Success)
        {
            return DataSourceResponse.FromMessage(message);
        }

        return DataSourceResponse.Failed(result.Status switch
        {
            LookupStatus.EdnsNotSupported => $"the upstream {result.Server} does not support EDNS, so it cannot deliver DNSSEC records",
            LookupStatus.Timeout => "the upstream did not answer in time",
            LookupStatus.ServerFailure => $"the upstream answered {result.Response?.ResponseCode.ToString() ?? "SERVFAIL"}",
            LookupStatus.TlsAuthenticationFailed => "the upstream's TLS authentication failed",
            _ => "no upstream server answered",
        });
    }
}
