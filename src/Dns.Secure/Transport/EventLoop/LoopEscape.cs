using System.Threading.Tasks.Sources;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Where the caller's code resumes when a lookup completes on a UDP event loop thread. A public async entry point wraps
/// its task with <see cref="Leave{T}(Task{T}, bool)"/>: by default the caller resumes right there, on the loop thread,
/// with no hand-off (<see cref="InlineContinuationPolicy"/> turns that off for a while when callers were seen to keep the
/// thread, and <see cref="LoopWatchdog"/> gives the loop a fresh thread when one blocks); with
/// <c>ContinueOnThreadPool</c> (ValidatingResolverOptions, StubResolverOptions) or while the policy says so, it resumes on
/// the thread pool. A call from our code into a user-supplied implementation (a data source, stub resolver or channel)
/// goes through <see cref="Query"/> (or a sibling), which hops to the thread pool first when it is on a loop thread.
/// </summary>
internal static class LoopEscape
{
    /// <summary>
    /// <paramref name="inner"/> for the caller to await: itself (its caller resumes on the loop thread that completes it, and
    /// its next query starts on that loop) unless <paramref name="continueOnThreadPool"/> or the
    /// <see cref="InlineContinuationPolicy"/> says otherwise; then a task that completes like it but never on a loop thread.
    /// </summary>
    public static ValueTask<T> Leave<T>(Task<T> inner, bool continueOnThreadPool) =>
        inner.IsCompleted || (!continueOnThreadPool && InlineContinuationPolicy.InlineAllowed) ? new ValueTask<T>(inner)
        : new LoopExit<T>(new ValueTask<T>(inner)).Start();

    /// <inheritdoc cref="Leave{T}(Task{T}, bool)"/>
    public static ValueTask<T> Leave<T>(ValueTask<T> inner, bool continueOnThreadPool) =>
        inner.IsCompleted || (!continueOnThreadPool && InlineContinuationPolicy.InlineAllowed) ? inner : new LoopExit<T>(inner).Start();

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
            if (UdpEventLoop.IsCurrent)
            {
                UdpEventLoop.ExitAfterPass(this);
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
