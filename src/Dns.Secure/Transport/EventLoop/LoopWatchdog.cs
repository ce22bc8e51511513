using System.Diagnostics;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Keeps a UDP event loop going when code running on its thread blocks. The caller's code after the await runs on the
/// loop thread (LoopEscape), and nothing stops it from waiting: on a lock, on I/O, on another lookup's
/// <c>.Result</c> whose answer this very loop must receive. One background thread looks at every loop each
/// <see cref="Tick"/> while any of them is in a pass; a pass running longer than <see cref="RescueAfter"/> gets the loop
/// handed to a fresh thread (<see cref="UdpEventLoop.Rescue"/>), as Go's scheduler hands a processor on when a goroutine
/// blocks in a system call. The blocked thread finishes what it was doing and ends.
/// <para>Idle costs nothing: after a few ticks in which no loop was in a pass the watchdog parks, and the next pass to
/// begin wakes it (one interlocked check per pass while it ticks).</para>
/// </summary>
internal static class LoopWatchdog
{
    /// <summary>How long one pass may run before its loop gets a fresh thread.</summary>
    public static readonly TimeSpan RescueAfter = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a ticking watchdog looks at the loops.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>Ticks without a pass in progress after which the watchdog parks.</summary>
    private const int IdleTicksBeforeParking = 4;

    private static readonly Lock s_lock = new();
    private static readonly SemaphoreSlim s_unpark = new(0);
    private static UdpEventLoop[] s_loops = [];
    private static Thread? s_thread;
    private static int s_parked;
    private static long s_ticks;
    private static long s_unparks;

    /// <summary>True while the watchdog is parked (or about to park): no loop was in a pass for a few ticks (for tests).</summary>
    internal static bool Parked => Volatile.Read(ref s_parked) != 0;

    /// <summary>Ticks so far and times a pass woke the parked watchdog (for tests: what a wake-up of its thread was).</summary>
    internal static (long Ticks, long Unparks) Activity => (Interlocked.Read(ref s_ticks), Interlocked.Read(ref s_unparks));

    /// <summary>Adds a started loop to those watched; the first one starts the watchdog thread.</summary>
    public static void Watch(UdpEventLoop loop)
    {
        lock (s_lock)
        {
            s_loops = [.. s_loops, loop];
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "DnsSecure UDP watchdog" };
                s_thread.UnsafeStart();
            }
        }
    }

    /// <summary>A runner began a pass (its start is written): wakes the watchdog if it is parked.</summary>
    public static void PassStarted()
    {
        // Dekker with the watchdog's parking: the pass start is written before s_parked is read here, s_parked is written
        // before the passes are read there, each followed by a full fence, so at least one side sees the other.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref s_parked) != 0 && Interlocked.Exchange(ref s_parked, 0) != 0)
        {
            Interlocked.Increment(ref s_unparks);
            s_unpark.Release();
        }
    }

    private static void Run()
    {
        long rescueAfter = (long)(RescueAfter.TotalSeconds * Stopwatch.Frequency);
        int idleTicks = 0;
        TimeSpan runtimeWork = RuntimeWork();
        while (true)
        {
            Thread.Sleep(Tick);
            Interlocked.Increment(ref s_ticks);

            // A tick in which the runtime compiled or collected for a good part of it rescues nobody: a pass slowed by the
            // start-up's JIT or by a GC pause is not stuck, and handing its loop on would only add a thread.
            TimeSpan work = RuntimeWork();
            bool runtimeBusy = work - runtimeWork >= Tick / 4;
            runtimeWork = work;
            if (Inspect(runtimeBusy ? long.MaxValue : rescueAfter))
            {
                idleTicks = 0;
                continue;
            }

            if (++idleTicks < IdleTicksBeforeParking)
            {
                continue;
            }

            idleTicks = 0;
            Interlocked.Exchange(ref s_parked, 1);
            if (Inspect(long.MaxValue) && Interlocked.Exchange(ref s_parked, 0) != 0)
            {
                continue; // a pass began meanwhile and nobody unparked us: go on ticking
            }

            s_unpark.Wait(); // returns at once when a runner already took the unpark
        }
    }

    /// <summary>The process's JIT compilation time and GC pause time so far.</summary>
    private static TimeSpan RuntimeWork() => System.Runtime.JitInfo.GetCompilationTime(currentThread: false) + GC.GetTotalPauseDuration();

    /// <summary>Rescues every loop stuck in one pass for <paramref name="rescueAfter"/> or longer; true when any loop is in a pass.</summary>
    private static bool Inspect(long rescueAfter)
    {
        bool busy = false;
        long now = Stopwatch.GetTimestamp();
        foreach (UdpEventLoop loop in Volatile.Read(ref s_loops))
        {
            UdpLoopRunner runner = loop.CurrentRunner;
            long started = Volatile.Read(ref runner.PassStarted);
            if (started == 0)
            {
                continue;
            }

            busy = true;
            if (now - started >= rescueAfter)
            {
                loop.Rescue(runner, started);
            }
        }

        return busy;
    }
}
