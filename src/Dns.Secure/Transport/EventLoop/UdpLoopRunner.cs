using System.Diagnostics;
using System.Runtime.InteropServices;
using DnsSecure.Diagnostics;
using DnsSecure.Wire;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// The thread that runs a <see cref="UdpEventLoop"/>'s passes, with everything a pass uses that is not under the loop's
/// lock: the event array, the receive buffer (native, so nothing is pinned on the managed heap while continuations run
/// inline) and its lists. A loop has one runner at a time; when the caller's code blocks it, the watchdog gives the loop a
/// fresh one (<see cref="UdpEventLoop.Rescue"/>) and this one stops at its next check (<see cref="Owns"/>).
/// </summary>
internal sealed unsafe class UdpLoopRunner
{
    /// <summary>When the current pass began (a <see cref="Stopwatch"/> timestamp); 0 while it waits in epoll_wait.</summary>
    public long PassStarted;

    /// <summary>The exchange whose completion is running (the caller's code may be running from it), for the watchdog's log.</summary>
    public UdpLoopExchange? Completing;

    private long _passCompiled;
    private TimeSpan _passGcPauses;

    public UdpLoopRunner(UdpEventLoop loop)
    {
        Loop = loop;
        Events = (byte*)NativeMemory.AllocZeroed((nuint)(UdpEventLoop.MaxEvents * LinuxNative.EpollEventSize));
        Buffer = (byte*)NativeMemory.Alloc(DnsLimits.MaxMessageSize);
    }

    public UdpEventLoop Loop { get; }

    public byte* Events { get; private set; }

    public byte* Buffer { get; private set; }

    public List<UdpLoopExchange> Expired { get; } = [];

    public List<IThreadPoolWorkItem> Exits { get; } = [];

    /// <summary>Notes the methods this thread has JIT-compiled and the GC pause total, to excuse a slow completion of the pass.</summary>
    public void BeginPass()
    {
        _passCompiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        _passGcPauses = GC.GetTotalPauseDuration();
    }

    /// <summary>A completion of <paramref name="exchange"/> begins (its caller's code may run from it); returns the time.</summary>
    public long BeginCompletion(UdpLoopExchange exchange)
    {
        Volatile.Write(ref Completing, exchange);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The completion of <paramref name="exchange"/> that began at <paramref name="started"/> ended: timed for
    /// <see cref="InlineContinuationPolicy"/>, and a pause it begins is said in the exchange's log.
    /// </summary>
    public void EndCompletion(long started, UdpLoopExchange exchange)
    {
        Volatile.Write(ref Completing, null);
        long now = Stopwatch.GetTimestamp();
        if (!InlineContinuationPolicy.MayBeSlow(now - started))
        {
            return;
        }

        TimeSpan pause = InlineContinuationPolicy.Observe(now, now - started, System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - _passCompiled, GC.GetTotalPauseDuration() - _passGcPauses);
        if (pause > TimeSpan.Zero)
        {
            UdpEventLoop.LogGuarded(() => Log.LoopPaused(exchange.Logger, (long)Stopwatch.GetElapsedTime(started, now).TotalMilliseconds, exchange.Question, (long)pause.TotalSeconds));
        }
    }

    /// <summary>True while this runner is the loop's; a rescued one stops at its next check.</summary>
    public bool Owns => Loop.IsRunBy(this);

    public void Start()
    {
        var thread = new Thread(() => Loop.Run(this)) { IsBackground = true, Name = $"DnsSecure UDP loop {Loop.Index}" };
        thread.UnsafeStart();
    }

    /// <summary>Frees the buffers; the runner's own thread, once it has stopped using them.</summary>
    public void Release()
    {
        NativeMemory.Free(Events);
        NativeMemory.Free(Buffer);
        Events = null;
        Buffer = null;
    }
}
