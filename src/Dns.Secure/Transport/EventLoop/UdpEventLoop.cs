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
/// <para>Descriptor discipline: the caller's thread creates, connects, sends and registers; from registration on only the
/// loop closes the socket (SafeHandle reference counts keep a descriptor open under any system call using it).</para>
/// <para>Rescue: the loop's thread is a <see cref="UdpLoopRunner"/>. The caller's code after the await may run on it (LoopEscape),
/// so it may block; when one pass over the ready sockets has run longer than <see cref="LoopWatchdog.RescueAfter"/>, the
/// watchdog hands the loop to a fresh runner thread (under the lock, so that only one runner ever begins a pass or sleeps
/// in epoll_wait), and the blocked thread, once it comes back, stops at its next check and ends. Everything a pass uses
/// besides the locked state is the runner's own (event and receive buffers, lists), and the retirement of an exchange is
/// atomic, so the two threads never share a buffer; sockets left unread by the old runner stay ready (epoll is
/// level-triggered) and the new one receives them. A sync-over-async wait in a continuation (a lookup whose answer needs
/// this very loop) is thus a delay of tens of milliseconds, not a deadlock.</para>
/// </summary>
internal sealed unsafe class UdpEventLoop
{
    internal const int MaxEvents = 64;
    private const long WakeToken = 0;
    private const long TimerToken = -1;

    [ThreadStatic]
    private static UdpLoopRunner? t_runner;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly int _timer;
    private readonly int _index;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, UdpLoopExchange> _pending = [];
    // Tokens, not exchanges: an answered exchange (and the continuation state it may still reference) is not kept alive
    // until its deadline; a token whose exchange is gone from _pending is simply dropped when it reaches the top.
    private readonly PriorityQueue<long, long> _deadlines = new();
    private readonly ConcurrentQueue<UdpLoopExchange> _retire = new();
    private UdpLoopRunner _runner = null!; // written under _lock only
    private int _rescues;
    private long _passes;
    private long _nextToken = WakeToken;
    private long _sleepingUntil = long.MinValue;
    private int _wakePending;
    private bool _alarmSet;

    private UdpEventLoop(int epoll, int wake, int timer, int index)
    {
        _epoll = epoll;
        _wake = wake;
        _timer = timer;
        _index = index;
    }

    /// <summary>True on a loop's current runner thread: code here should not block (the watchdog rescues a loop that does).</summary>
    public static bool IsCurrent => Current is not null;

    /// <summary>The loop whose current runner is this thread, if any (a rescued runner is an ordinary thread again).</summary>
    public static UdpEventLoop? Current => t_runner is { Owns: true } runner ? runner.Loop : null;

    /// <summary>
    /// The loop whose runner this thread is or was, while it runs a pass; null on any other thread. For tests of where
    /// code resumes: a runner the watchdog replaced during a pass (on a busy machine, a preemption longer than the rescue
    /// time is enough) still completes that pass's exchanges, with no hand-off, though it no longer owns the loop.
    /// </summary>
    internal static UdpEventLoop? LoopOfThisThread => t_runner?.Loop;

    /// <summary>Passes begun so far (for tests: what a wake-up of the loop was for).</summary>
    internal long Passes
    {
        get
        {
            lock (_lock)
            {
                return _passes;
            }
        }
    }

    /// <summary>How many times the watchdog has handed this loop to a fresh thread (for tests and diagnostics).</summary>
    internal int Rescues => Volatile.Read(ref _rescues);

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

        var loop = new UdpEventLoop(epoll, wake, timer, index);
        lock (loop._lock)
        {
            loop._runner = new UdpLoopRunner(loop);
            loop._runner.Start();
        }

        LoopWatchdog.Watch(loop);
        return loop;
    }

    /// <summary>
    /// Watchdog thread: when <paramref name="runner"/> is still in the pass it began at <paramref name="passStarted"/>, gives
    /// the loop to a fresh runner thread. The check and the switch are under the lock, where every pass begins, so the old
    /// runner cannot begin another one; from its next check on it stops.
    /// </summary>
    internal bool Rescue(UdpLoopRunner runner, long passStarted)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_runner, runner) || Volatile.Read(ref runner.PassStarted) != passStarted)
            {
                return false;
            }

            var fresh = new UdpLoopRunner(this);
            Volatile.Write(ref _runner, fresh);
            _rescues++;
            fresh.Start();
        }

        // Said in the log of the exchange being completed when the thread was held (the caller's code ran from it).
        if (Volatile.Read(ref runner.Completing) is { } exchange)
        {
            LogGuarded(() => Log.LoopRescued(exchange.Logger, (long)Stopwatch.GetElapsedTime(passStarted).TotalMilliseconds, exchange.Question));
        }

        return true;
    }

    /// <summary>The loop's number, in its threads' names.</summary>
    internal int Index => _index;

    /// <summary>True while <paramref name="runner"/> owns the loop; a rescued one stops at its next check.</summary>
    internal bool IsRunBy(UdpLoopRunner runner) => ReferenceEquals(Volatile.Read(ref _runner), runner);

    /// <summary>The runner that owns the loop now (the watchdog reads its pass start).</summary>
    internal UdpLoopRunner CurrentRunner => Volatile.Read(ref _runner);

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

    /// <summary>The body of a runner's thread: passes until the loop is handed to another runner.</summary>
    internal void Run(UdpLoopRunner me)
    {
        t_runner = me;
        try
        {
            RunPasses(me);
        }
        finally
        {
            t_runner = null;
            me.Release();
        }
    }

    private void RunPasses(UdpLoopRunner me)
    {
        int failures = 0;
        while (PrepareSleep(me) is int timeout)
        {
            int count = LinuxNative.EpollWait(_epoll, me.Events, MaxEvents, timeout);
            int error = count < 0 ? Marshal.GetLastPInvokeError() : 0;
            lock (_lock)
            {
                if (!ReferenceEquals(_runner, me))
                {
                    return; // rescued meanwhile: what is ready stays ready for the new runner (level-triggered)
                }

                _sleepingUntil = long.MinValue;
                _passes++;
                Volatile.Write(ref me.PassStarted, Stopwatch.GetTimestamp());
            }

            LoopWatchdog.PassStarted();
            me.BeginPass();
            if (count < 0)
            {
                Volatile.Write(ref me.PassStarted, 0); // not a pass: the back-off below is no reason for a rescue
                if (error == LinuxNative.EIntr)
                {
                    continue;
                }

                // epoll_wait fails only on a programming error (bad descriptor or buffer): back off (capped) rather than spin.
                Thread.Sleep(Math.Min(1000, 1 << Math.Min(10, failures++)));
                continue;
            }

            failures = 0;
            for (int i = 0; i < count && me.Owns; i++)
            {
                byte* evt = me.Events + (i * LinuxNative.EpollEventSize);
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
                    long started = me.BeginCompletion(exchange);
                    ReceiveOrFail(exchange, me.Buffer);
                    me.EndCompletion(started, exchange);
                }
            }

            if (me.Owns)
            {
                ExpireDeadlines(me);
            }

            FlushExits(me);
        }
    }

    /// <summary>Current runner thread only (<see cref="Current"/> is this loop): queues <paramref name="item"/> to the
    /// thread pool after this pass (one work item per pass).</summary>
    internal static void ExitAfterPass(IThreadPoolWorkItem item) => t_runner!.Exits.Add(item);

    private static void FlushExits(UdpLoopRunner me)
    {
        List<IThreadPoolWorkItem> exits = me.Exits;
        if (exits.Count == 0)
        {
            return;
        }

        IThreadPoolWorkItem item = exits.Count == 1 ? exits[0] : new ExitBatch([.. exits]);
        exits.Clear();
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

    /// <summary>
    /// Ends the pass: drops completed exchanges from the top of the heap and returns the wait until the earliest pending
    /// deadline; null when <paramref name="me"/> no longer owns the loop (it was rescued) and must stop.
    /// </summary>
    private int? PrepareSleep(UdpLoopRunner me)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_runner, me))
            {
                return null;
            }

            Volatile.Write(ref me.PassStarted, 0);
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

    private void ExpireDeadlines(UdpLoopRunner me)
    {
        long now = Stopwatch.GetTimestamp();
        List<UdpLoopExchange> expiredNow = me.Expired;
        lock (_lock)
        {
            while (_deadlines.TryPeek(out long top, out long deadline) && deadline <= now)
            {
                _deadlines.Dequeue();
                if (_pending.TryGetValue(top, out UdpLoopExchange? exchange))
                {
                    expiredNow.Add(exchange);
                }
            }
        }

        if (expiredNow.Count == 0)
        {
            return;
        }

        // Close first, complete after: a continuation that runs inline may register new exchanges.
        UdpLoopExchange[] expired = [.. expiredNow];
        expiredNow.Clear();
        foreach (UdpLoopExchange exchange in expired)
        {
            Retire(exchange);
        }

        for (int i = 0; i < expired.Length; i++)
        {
            if (!me.Owns)
            {
                // Rescued while a continuation blocked: the rest time out from the thread pool rather than wait for it.
                ThreadPool.UnsafeQueueUserWorkItem(static e => CompleteGuarded(e, ExchangeResult.Timeout), expired[i], preferLocal: false);
                continue;
            }

            long started = me.BeginCompletion(expired[i]);
            CompleteGuarded(expired[i], ExchangeResult.Timeout);
            me.EndCompletion(started, expired[i]);
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

        if (exchange.TryRetire())
        {
            exchange.Socket.Dispose();
        }
    }

    /// <summary>Writes to a user's logger from a loop or watchdog thread, which a logger that throws must not end.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "The loop and watchdog threads must survive the user's logger.")]
    internal static void LogGuarded(Action write)
    {
        try
        {
            write();
        }
        catch (Exception)
        {
            // Nothing to report it to: the logger is what failed.
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
    private void ReceiveOrFail(UdpLoopExchange exchange, byte* buffer)
    {
        try
        {
            Receive(exchange, buffer);
        }
        catch (Exception)
        {
            Retire(exchange);
            exchange.TryComplete(ExchangeResult.Failure(ExchangeOutcome.NetworkError));
        }
    }

    /// <summary>Reads datagrams until the socket is empty; completes the exchange on the first matching response.</summary>
    private void Receive(UdpLoopExchange exchange, byte* buffer)
    {
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
