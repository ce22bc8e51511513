using System.Threading.Tasks.Sources;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Keeps user code off the UDP event loop threads. A public async entry point whose work may finish on a loop thread
/// wraps its task with <see cref="Leave{T}(Task{T})"/>, so the caller's continuation never runs there; a call into a
/// user-supplied implementation goes through <see cref="Query"/> (or a sibling), which hops to the thread pool first
/// when it is on a loop thread. Both cost a thread-static check when not on a loop thread. The one opt-out is
/// <c>ValidatingResolverOptions.DangerousInlineContinuations</c> (<see cref="Leave{T}(Task{T}, bool)"/>): the user then
/// promises that code after the await is short and never blocks.
/// </summary>
internal static class LoopEscape
{
    /// <summary>A task that completes like <paramref name="inner"/>, but never on a loop thread.</summary>
    public static ValueTask<T> Leave<T>(Task<T> inner) => inner.IsCompleted ? new ValueTask<T>(inner) : new LoopExit<T>(new ValueTask<T>(inner)).Start();

    /// <summary>
    /// <see cref="Leave{T}(Task{T})"/>, unless <paramref name="inlineOnLoop"/>: then <paramref name="inner"/> itself, whose
    /// caller continues inline on the loop thread that completes it (the caller opted in, e.g. with
    /// <c>ValidatingResolverOptions.DangerousInlineContinuations</c>: no thread-pool hop, and its next query starts on that loop).
    /// </summary>
    public static ValueTask<T> Leave<T>(Task<T> inner, bool inlineOnLoop) => inlineOnLoop ? new ValueTask<T>(inner) : Leave(inner);

    /// <inheritdoc cref="Leave{T}(Task{T})"/>
    public static ValueTask<T> Leave<T>(ValueTask<T> inner) => inner.IsCompleted ? inner : new LoopExit<T>(inner).Start();

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

    /// <summary>
    /// The caller's side of an unfinished task: it completes inline when the task completes off a loop thread, and from a
    /// thread-pool work item (itself; no state machine, no extra task) when it completes on one. One per lookup, never reused.
    /// </summary>
    private sealed class LoopExit<T>(ValueTask<T> inner) : IValueTaskSource<T>, IThreadPoolWorkItem
    {
        private readonly ValueTask<T> _inner = inner;
        private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = false };

        public ValueTask<T> Start()
        {
            _inner.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnInnerCompleted);
            return new ValueTask<T>(this, _core.Version);
        }

        public T GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        void IThreadPoolWorkItem.Execute() => Complete();

        private void OnInnerCompleted()
        {
            if (UdpEventLoop.Current is { } loop)
            {
                loop.ExitAfterPass(this);
            }
            else
            {
                Complete();
            }
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "The inner task's exception is the caller's, passed on as it is.")]
        private void Complete()
        {
            T result;
            try
            {
                result = _inner.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                _core.SetException(ex);
                return;
            }

            _core.SetResult(result);
        }
    }
}
