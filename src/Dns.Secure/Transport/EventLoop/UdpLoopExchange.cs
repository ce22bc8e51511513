using System.Net;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// One UDP query waiting on an event loop. It completes exactly once (an interlocked state: the matching response,
/// the deadline and the caller's cancellation race), and completes <b>inline</b>: the awaiting code continues on the
/// thread that completed it — the loop thread for a response or a timeout, as an event-driven resolver does.
/// </summary>
internal sealed class UdpLoopExchange : IValueTaskSource<ExchangeResult>
{
    private const int Pending = 0;
    private const int Completed = 1;

    private ManualResetValueTaskSourceCore<ExchangeResult> _core = new() { RunContinuationsAsynchronously = false };
    private int _state;
    private int _retired;
    private CancellationTokenRegistration _cancellation;

    public UdpLoopExchange(UdpEventLoop loop, UdpSocketHandle socket, ushort id, DnsQuestion question, IPEndPoint server, long deadline, ILogger logger)
    {
        Loop = loop;
        Socket = socket;
        Id = id;
        Question = question;
        Server = server;
        Deadline = deadline;
        Logger = logger;
    }

    public UdpEventLoop Loop { get; }

    public UdpSocketHandle Socket { get; }

    public ushort Id { get; }

    public DnsQuestion Question { get; }

    public IPEndPoint Server { get; }

    /// <summary>The deadline as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public long Deadline { get; }

    public ILogger Logger { get; }

    /// <summary>The key of the socket in the loop's epoll set; set by the loop on registration.</summary>
    public long Token { get; set; }

    /// <summary>True once the loop has closed the socket.</summary>
    public bool Retired => Volatile.Read(ref _retired) != 0;

    /// <summary>
    /// Marks the socket closed; true for the one caller that must close it. Atomic: for the moment a rescued loop thread
    /// and its replacement both look at the same ready socket (UdpEventLoop, "rescue"), either may retire it.
    /// </summary>
    public bool TryRetire() => Interlocked.Exchange(ref _retired, 1) == 0;

    public bool IsCompleted => Volatile.Read(ref _state) != Pending;

    public ValueTask<ExchangeResult> AsValueTask() => new(this, _core.Version);

    /// <summary>Hooks the caller's token; a token already cancelled completes the exchange at once.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (s, token) => ((UdpLoopExchange)s!).Cancel(token), this);
        }
    }

    /// <summary>Completes with <paramref name="result"/> unless something else completed first.</summary>
    public bool TryComplete(ExchangeResult result)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Pending) != Pending)
        {
            return false;
        }

        // Unregister does not wait for a callback running on another thread (Dispose would), so the loop never blocks.
        _cancellation.Unregister();
        _core.SetResult(result);
        return true;
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Pending) != Pending)
        {
            return;
        }

        // The loop closes the socket (only the loop closes a registered descriptor); then the caller sees the cancellation.
        Loop.RetireLater(this);
        _core.SetException(new OperationCanceledException(token));
    }

    public ExchangeResult GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
