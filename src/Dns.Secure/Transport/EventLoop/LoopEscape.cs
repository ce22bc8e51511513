using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Keeps user code off the UDP event loop threads. A public async entry point whose work may finish on a loop thread
/// wraps its task with <see cref="Leave{T}(Task{T})"/>, so the caller's continuation never runs there; a call into a
/// user-supplied implementation goes through <see cref="Query"/> (or a sibling), which hops to the thread pool first
/// when it is on a loop thread. Both cost a thread-static check when not on a loop thread.
/// </summary>
internal static class LoopEscape
{
    /// <summary>A task that completes like <paramref name="inner"/>, but never on a loop thread.</summary>
    public static ValueTask<T> Leave<T>(Task<T> inner) => inner.IsCompleted ? new ValueTask<T>(inner) : new ValueTask<T>(LeaveSlowAsync(inner));

    /// <inheritdoc cref="Leave{T}(Task{T})"/>
    public static ValueTask<T> Leave<T>(ValueTask<T> inner) => inner.IsCompleted ? inner : new ValueTask<T>(LeaveSlowAsync(inner.AsTask()));

    /// <summary>Calls a data source: ours inline (its result may complete on a loop thread), any other off the loop thread.</summary>
    public static ValueTask<DataSourceResponse> Query(IDnssecDataSource source, DnsQuestion question, CancellationToken cancellationToken) =>
        source is StubDataSource stub ? stub.QueryOnLoopAsync(question, cancellationToken)
        : source is Recursion.IterativeDataSource iterative ? iterative.QueryOnLoopAsync(question, cancellationToken)
        : UdpEventLoop.IsCurrent ? HopThenQueryAsync(source, question, cancellationToken)
        : source.QueryAsync(question, cancellationToken);

    /// <summary>Calls a stub resolver: ours inline, any other off the loop thread.</summary>
    public static ValueTask<Resolution.LookupResult> Lookup(Resolution.IStubResolver resolver, DnsQuestion question, Resolution.LookupOptions options, CancellationToken cancellationToken) =>
        resolver is Resolution.StubResolver own ? own.LookupOnLoopAsync(question, options, cancellationToken)
        : UdpEventLoop.IsCurrent ? HopThenLookupAsync(resolver, question, options, cancellationToken)
        : resolver.LookupAsync(question, options, cancellationToken);

    /// <summary>Calls an authoritative channel: ours inline, any other off the loop thread.</summary>
    public static ValueTask<DataSourceResponse> Exchange(Recursion.IAuthoritativeChannel channel, DnsMessage query, System.Net.IPEndPoint server, CancellationToken cancellationToken) =>
        channel is Recursion.NetworkAuthoritativeChannel own ? own.ExchangeOnLoopAsync(query, server, cancellationToken)
        : UdpEventLoop.IsCurrent ? HopThenExchangeAsync(channel, query, server, cancellationToken)
        : channel.ExchangeAsync(query, server, cancellationToken);

    private static async ValueTask<DataSourceResponse> HopThenQueryAsync(IDnssecDataSource source, DnsQuestion question, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await source.QueryAsync(question, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<Resolution.LookupResult> HopThenLookupAsync(Resolution.IStubResolver resolver, DnsQuestion question, Resolution.LookupOptions options, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await resolver.LookupAsync(question, options, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<DataSourceResponse> HopThenExchangeAsync(Recursion.IAuthoritativeChannel channel, DnsMessage query, System.Net.IPEndPoint server, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await channel.ExchangeAsync(query, server, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> LeaveSlowAsync<T>(Task<T> inner)
    {
        await ((Task)inner).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (UdpEventLoop.IsCurrent)
        {
            // Task.Yield on a thread without a synchronization context queues the rest to the thread pool.
            await Task.Yield();
        }

        return await inner.ConfigureAwait(false);
    }
}
