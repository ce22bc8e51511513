using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using DnsSecure.Diagnostics;
using DnsSecure.Wire;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// One Linux event-loop thread for UDP queries (issue 5, goal a): it blocks in <c>epoll_wait</c> on its own epoll set,
/// receives each readable socket's datagrams itself, applies the RFC 5452 §9.1 match and completes the matching exchange
/// inline, so the resolver's code after the await (decode, validation, caching, the next query) runs on this thread
/// without a hand-off to the thread pool. Deadlines are kept in a min-heap; the earliest pending one is epoll_wait's
/// timeout, and with nothing pending the loop sleeps without a timeout (no idle wake-ups). A registration whose deadline is
/// earlier than the one the loop sleeps on arms a timerfd for that deadline instead of waking the loop: the answer
/// usually arrives first and wakes it anyway, so a query sent to an idle loop costs it one wake-up, not two. An eventfd
/// wakes it when a cancelled exchange's socket must be closed.
/// <para>Descriptor discipline: the caller's thread creates, connects, sends and registers; from registration on only this
/// thread closes the socket (SafeHandle reference counts keep a descriptor open under any system call using it).</para>
/// </summary>
internal sealed unsafe class UdpEventLoop
{
    private const int MaxEvents = 64;
    private const long WakeToken = 0;
    private const long TimerToken = -1;

    [ThreadStatic]
    private static UdpEventLoop? t_current;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly int _timer;
    private readonly byte* _events;
    private readonly byte* _buffer;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, UdpLoopExchange> _pending = [];
    // Tokens, not exchanges: an answered exchange (and the continuation state it may still reference) is not kept alive
    // until its deadline; a token whose exchange is gone from _pending is simply dropped when it reaches the top.
    private readonly PriorityQueue<long, long> _deadlines = new();
    private readonly ConcurrentQueue<UdpLoopExchange> _retire = new();
    private readonly List<UdpLoopExchange> _expired = [];
    private readonly List<IThreadPoolWorkItem> _exits = [];
    private long _nextToken = WakeToken;
    private long _sleepingUntil = long.MinValue;
    private int _wakePending;
    private bool _alarmSet;

    private UdpEventLoop(int epoll, int wake, int timer)
    {
        _epoll = epoll;
        _wake = wake;
        _timer = timer;
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * LinuxNative.EpollEventSize));

        // Native, so nothing is pinned on the managed heap while continuations run inline (the loop lives as long as the process).
        _buffer = (byte*)NativeMemory.Alloc(DnsLimits.MaxMessageSize);
    }

    /// <summary>True on a loop thread: code here must not block, and user code must not run here.</summary>
    public static bool IsCurrent => t_current is not null;

    /// <summary>The loop of the current thread, if it is a loop thread.</summary>
    public static UdpEventLoop? Current => t_current;

    /// <summary>Exchanges registered and not yet closed (for tests).</summary>
    internal int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Creates the epoll set, the eventfd and the timerfd and starts the thread; null when the kernel refuses.</summary>
    public static UdpEventLoop? TryStart(int index)
    {
        int epoll = LinuxNative.EpollCreate(LinuxNative.EpollCloExec);
        if (epoll < 0)
        {
            return null;
        }

        int wake = LinuxNative.EventFd(0, LinuxNative.EfdCloExec | LinuxNative.EfdNonBlock);
        if (wake < 0)
        {
            LinuxNative.Close(epoll);
            return null;
        }

        int timer = LinuxNative.TimerFdCreate(LinuxNative.ClockMonotonic, LinuxNative.TfdCloExec | LinuxNative.TfdNonBlock);
        byte* evt = stackalloc byte[16];
        WriteEvent(evt, LinuxNative.EpollIn, WakeToken);
        bool added = timer >= 0 && LinuxNative.EpollControl(epoll, LinuxNative.EpollCtlAdd, wake, evt) == 0;
        WriteEvent(evt, LinuxNative.EpollIn, TimerToken);
        if (!added || LinuxNative.EpollControl(epoll, LinuxNative.EpollCtlAdd, timer, evt) != 0)
        {
            if (timer >= 0)
            {
                LinuxNative.Close(timer);
            }

            LinuxNative.Close(wake);
            LinuxNative.Close(epoll);
            return null;
        }

        var loop = new UdpEventLoop(epoll, wake, timer);
        var thread = new Thread(loop.Run) { IsBackground = true, Name = $"DnsSecure UDP loop {index}" };
        thread.UnsafeStart();
        return loop;
    }

    /// <summary>
    /// Registers a connected socket whose query was sent. Safe from any thread. Returns false when the socket could not be
    /// added to the epoll set (the caller then owns and closes it).
    /// </summary>
    public bool Register(UdpLoopExchange exchange)
    {
        lock (_lock)
        {
            exchange.Token = ++_nextToken;
            _pending.Add(exchange.Token, exchange);
            _deadlines.Enqueue(exchange.Token, exchange.Deadline);

            // The loop sleeps until _sleepingUntil (MinValue while it is awake and will look at the heap anyway). The alarm is
            // set under the lock, so that of two registrations the one with the earlier deadline always sets it last.
            if (exchange.Deadline < _sleepingUntil)
            {
                _sleepingUntil = exchange.Deadline;
                SetAlarm(exchange.Deadline);
            }
        }

        byte* evt = stackalloc byte[16];
        WriteEvent(evt, LinuxNative.EpollIn, exchange.Token);
        int rc;
        try
        {
            // The SafeHandle is referenced for the call: if the loop retired the exchange meanwhile (its deadline passed),
            // the descriptor is still ours until the call returns, and closing it afterwards removes it from the set.
            rc = LinuxNative.EpollControl(_epoll, LinuxNative.EpollCtlAdd, exchange.Socket, evt);
        }
        catch (ObjectDisposedException)
        {
            // Cancelled (or expired) and closed by the loop before it was added: nothing to wait for.
            Forget(exchange);
            return true;
        }

        if (rc != 0)
        {
            Forget(exchange);
            return false;
        }

        if (exchange.IsCompleted)
        {
            // Cancelled while it was being added: the loop may have retired it before its token was known, or closed
            // the descriptor only after epoll_ctl let go of it. Retiring again (idempotent) drops the token.
            RetireLater(exchange);
        }

        return true;
    }

    /// <summary>Drops a registration that did not make it into the epoll set. An alarm it set stays: it costs the loop one
    /// empty pass, after which the loop's sleep is computed from the heap, where the token is simply dropped.</summary>
    private void Forget(UdpLoopExchange exchange)
    {
        lock (_lock)
        {
            _pending.Remove(exchange.Token);
        }
    }

    /// <summary>
    /// Arms the timerfd to wake the loop at <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp), replacing any
    /// alarm set before (under the lock, only for a deadline earlier than the loop's sleep, which is then lowered to it). An
    /// alarm that fires after its exchange was answered costs one empty pass; the loop stops it when nothing is pending.
    /// </summary>
    private void SetAlarm(long deadline)
    {
        double nanoseconds = (deadline - Stopwatch.GetTimestamp()) * (1e9 / Stopwatch.Frequency);
        if (LinuxNative.ArmTimer(_timer, (long)Math.Clamp(nanoseconds, 1, 1e17)) != 0)
        {
            Signal(); // cannot happen with a valid descriptor and value; waking now is always correct
            return;
        }

        _alarmSet = true;
    }

    /// <summary>Asks the loop to close a cancelled exchange's socket (any thread).</summary>
    public void RetireLater(UdpLoopExchange exchange)
    {
        _retire.Enqueue(exchange);
        Signal();
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 1)
        {
            return; // a wake-up is already on its way
        }

        ulong one = 1;
        LinuxNative.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private void Run()
    {
        t_current = this;
        int failures = 0;
        while (true)
        {
            int timeout = PrepareSleep();
            int count = LinuxNative.EpollWait(_epoll, _events, MaxEvents, timeout);
            lock (_lock)
            {
                _sleepingUntil = long.MinValue;
            }

            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == LinuxNative.EIntr)
                {
                    continue;
                }

                // epoll_wait fails only on a programming error (bad descriptor or buffer): back off (capped) rather than spin.
                Thread.Sleep(Math.Min(1000, 1 << Math.Min(10, failures++)));
                continue;
            }

            failures = 0;
            for (int i = 0; i < count; i++)
            {
                byte* evt = _events + (i * LinuxNative.EpollEventSize);
                long token = *(long*)(evt + LinuxNative.EpollDataOffset);
                if (token == WakeToken)
                {
                    DrainWake();
                    continue;
                }

                if (token == TimerToken)
                {
                    // Clear the expiry count; the deadlines themselves are expired below, from the heap.
                    ulong expirations;
                    LinuxNative.Read(_timer, (byte*)&expirations, sizeof(ulong));
                    continue;
                }

                UdpLoopExchange? exchange;
                lock (_lock)
                {
                    _pending.TryGetValue(token, out exchange);
                }

                if (exchange is not null)
                {
                    ReceiveOrFail(exchange);
                }
            }

            ExpireDeadlines();
            FlushExits();
        }
    }

    /// <summary>Loop thread only: queues <paramref name="item"/> to the thread pool after this pass (one work item per pass).</summary>
    internal void ExitAfterPass(IThreadPoolWorkItem item) => _exits.Add(item);

    private void FlushExits()
    {
        if (_exits.Count == 0)
        {
            return;
        }

        IThreadPoolWorkItem item = _exits.Count == 1 ? _exits[0] : new ExitBatch([.. _exits]);
        _exits.Clear();
        ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
    }

    /// <summary>The exits of one pass: the first runs here, the others go to this worker's local queue (others steal them).</summary>
    private sealed class ExitBatch(IThreadPoolWorkItem[] items) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            for (int i = 1; i < items.Length; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(items[i], preferLocal: true);
            }

            items[0].Execute();
        }
    }

    /// <summary>Drops completed exchanges from the top of the heap and returns the wait until the earliest pending deadline.</summary>
    private int PrepareSleep()
    {
        lock (_lock)
        {
            while (_deadlines.TryPeek(out long top, out _) && !_pending.ContainsKey(top))
            {
                _deadlines.Dequeue();
            }

            // Tokens of answered exchanges below a live top (long deadlines, infinite ones) are dropped in one pass when
            // they outnumber the live ones, so the heap stays within a small multiple of what is pending.
            if (_deadlines.Count > 64 && _deadlines.Count > 2 * _pending.Count)
            {
                Compact();
            }

            if (!_deadlines.TryPeek(out _, out long deadline))
            {
                // Nothing pending: an alarm still set is for answered exchanges only. Stop it, so that an idle loop sleeps
                // until the next registration (no idle wake-ups).
                if (_alarmSet)
                {
                    LinuxNative.DisarmTimer(_timer);
                    _alarmSet = false;
                }

                _sleepingUntil = long.MaxValue;
                return -1;
            }

            _sleepingUntil = deadline;
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return 0;
            }

            // Round up: waking a little late is harmless, waking early only costs another pass. Beyond int.MaxValue ms
            // (an infinite deadline included) the loop waits without a timeout; an earlier registration wakes it.
            double ms = Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency);
            return ms >= int.MaxValue ? -1 : (int)ms;
        }
    }

    private void Compact()
    {
        var live = new List<(long Token, long Deadline)>(_pending.Count);
        foreach (UdpLoopExchange exchange in _pending.Values)
        {
            live.Add((exchange.Token, exchange.Deadline));
        }

        _deadlines.Clear();
        foreach ((long token, long deadline) in live)
        {
            _deadlines.Enqueue(token, deadline);
        }
    }

    /// <summary>Entries in the deadline heap (for tests).</summary>
    internal int DeadlineCount
    {
        get
        {
            lock (_lock)
            {
                return _deadlines.Count;
            }
        }
    }

    private void DrainWake()
    {
        // Read first, then clear the flag: a Signal between the two then writes again (the eventfd stays readable and the
        // loop wakes once more). The other order could swallow that write with the flag still set, and every later
        // Signal would return early: no wake-up ever again.
        ulong value;
        LinuxNative.Read(_wake, (byte*)&value, sizeof(ulong));
        Volatile.Write(ref _wakePending, 0);
        while (_retire.TryDequeue(out UdpLoopExchange? exchange))
        {
            Retire(exchange);
        }
    }

    private void ExpireDeadlines()
    {
        long now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            while (_deadlines.TryPeek(out long top, out long deadline) && deadline <= now)
            {
                _deadlines.Dequeue();
                if (_pending.TryGetValue(top, out UdpLoopExchange? exchange))
                {
                    _expired.Add(exchange);
                }
            }
        }

        if (_expired.Count == 0)
        {
            return;
        }

        // Close first, complete after: a continuation that runs inline may register new exchanges.
        UdpLoopExchange[] expired = [.. _expired];
        _expired.Clear();
        foreach (UdpLoopExchange exchange in expired)
        {
            Retire(exchange);
        }

        foreach (UdpLoopExchange exchange in expired)
        {
            CompleteGuarded(exchange, ExchangeResult.Timeout);
        }
    }

    /// <summary>Closes an exchange's socket and forgets it (loop thread only, idempotent).</summary>
    private void Retire(UdpLoopExchange exchange)
    {
        // The token may have been added after an early retirement (cancelled before registration): remove it every time.
        lock (_lock)
        {
            _pending.Remove(exchange.Token);
        }

        if (!exchange.Retired)
        {
            exchange.Retired = true;
            exchange.Socket.Dispose();
        }
    }

    /// <summary>Completes an exchange whose continuation runs inline; an exception from it must not end the loop thread.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "The loop thread must survive.")]
    private static void CompleteGuarded(UdpLoopExchange exchange, ExchangeResult result)
    {
        try
        {
            exchange.TryComplete(result);
        }
        catch (Exception)
        {
            // The continuation's own code failed; its task carries nothing more we can report from here.
        }
    }

    /// <summary>
    /// <see cref="Receive"/>, but an exception (a logger that throws, say) fails this exchange instead of ending the loop
    /// thread and the process with it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "The loop thread must survive; the exchange fails closed.")]
    private void ReceiveOrFail(UdpLoopExchange exchange)
    {
        try
        {
            Receive(exchange);
        }
        catch (Exception)
        {
            Retire(exchange);
            exchange.TryComplete(ExchangeResult.Failure(ExchangeOutcome.NetworkError));
        }
    }

    /// <summary>Reads datagrams until the socket is empty; completes the exchange on the first matching response.</summary>
    private void Receive(UdpLoopExchange exchange)
    {
        byte* buffer = _buffer;
        while (!exchange.Retired)
        {
            nint received;
            try
            {
                received = LinuxNative.Receive(exchange.Socket, buffer, DnsLimits.MaxMessageSize, LinuxNative.MsgDontWait);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LinuxNative.EIntr)
                {
                    continue;
                }

                if (errno == LinuxNative.EAgain)
                {
                    return; // drained; keep waiting
                }

                // An ICMP error queued on the connected socket (ECONNREFUSED: port unreachable, EHOSTUNREACH, ...).
                Retire(exchange);
                exchange.TryComplete(UdpTransport.NetworkFailure(exchange.Logger, exchange.Server, errno));
                return;
            }

            // RFC 5452 §9.1: the connected socket only delivers datagrams from the queried address and port; the ID and
            // the question must match too. Anything else is dropped and the wait goes on.
            ReadOnlySpan<byte> packet = new(buffer, (int)received);
            if (!ResponseMatcher.TryAccept(packet, exchange.Id, exchange.Question, out DnsMessage? response))
            {
                Log.ResponseIgnored(exchange.Logger, exchange.Server, "wrong ID, question or format");
                continue;
            }

            Retire(exchange);
            exchange.TryComplete(ExchangeResult.From(response));
            return;
        }
    }

    private static void WriteEvent(byte* evt, uint events, long token)
    {
        *(uint*)evt = events;
        *(long*)(evt + LinuxNative.EpollDataOffset) = token;
    }
}
