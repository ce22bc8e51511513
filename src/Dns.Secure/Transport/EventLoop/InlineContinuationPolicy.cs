using System.Diagnostics;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Decides whether a lookup that completes on a UDP event loop resumes its caller right there (the default: no hand-off,
/// as Unbound's worker goes on with its next query) or hands it to the thread pool. The loop times every completion it
/// makes, the caller's code after the await included. One that kept the thread longer than <see cref="SlowCompletion"/>
/// adds its time to a debt that drains at 10 ms per second; a completion that JIT-compiled code on the loop thread (a
/// first-time path: start-up, not the caller's habit) or whose time a GC pause explains is excused. When the debt passes
/// <see cref="DebtLimit"/> — callers that block or compute on the loop again and again, not one preemption or cold
/// start — every caller is resumed on the thread pool for a while: 10 s, twice as long after each further time, up to
/// about five minutes, and back to 10 s after ten quiet minutes. A caller that blocks for good is the watchdog's
/// (<see cref="LoopWatchdog"/>).
/// </summary>
internal static class InlineContinuationPolicy
{
    /// <summary>How long one completion may keep a loop thread without counting against the callers.</summary>
    public static readonly TimeSpan SlowCompletion = TimeSpan.FromMilliseconds(5);

    /// <summary>Slow time beyond which callers are resumed on the thread pool for a while.</summary>
    public static readonly TimeSpan DebtLimit = TimeSpan.FromMilliseconds(50);

    private const int MaxDoublings = 5;
    private static readonly long s_slowTicks = Ticks(SlowCompletion);
    private static readonly long s_debtLimit = Ticks(DebtLimit);
    private static readonly long s_firstPause = Ticks(TimeSpan.FromSeconds(10));
    private static readonly long s_quietReset = Ticks(TimeSpan.FromMinutes(10));

    private static readonly Lock s_lock = new();
    private static long s_pausedUntil; // 0: inline allowed
    private static long s_debt;
    private static long s_debtAt;
    private static long s_lastPause;
    private static int s_doublings;
    private static int s_slowCount;
    private static int s_pauseCount;

    /// <summary>True when callers may be resumed on the loop thread (no pause in force).</summary>
    public static bool InlineAllowed
    {
        get
        {
            long until = Volatile.Read(ref s_pausedUntil);
            if (until == 0)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() < until)
            {
                return false;
            }

            Interlocked.CompareExchange(ref s_pausedUntil, 0, until);
            return true;
        }
    }

    /// <summary>
    /// False to ignore slow completions (tests only: those about where callers resume, on a machine loaded enough to
    /// preempt the loop thread for tens of milliseconds, would otherwise see callers sent to the thread pool now and then).
    /// </summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Slow completions counted (not excused) since the process started (for tests and diagnostics).</summary>
    public static int SlowCompletions => Volatile.Read(ref s_slowCount);

    /// <summary>Pauses of inline resumption since the process started (for tests and diagnostics).</summary>
    public static int Pauses => Volatile.Read(ref s_pauseCount);

    /// <summary>True when a completion that took <paramref name="elapsed"/> (Stopwatch ticks) may be slow: then call <see cref="Observe"/>.</summary>
    public static bool MayBeSlow(long elapsed) => elapsed >= s_slowTicks;

    /// <summary>
    /// A loop thread finished, at <paramref name="now"/>, a completion that took <paramref name="elapsed"/> (Stopwatch
    /// ticks), in a pass during which this thread JIT-compiled <paramref name="compiledDuringPass"/> methods and the GC
    /// paused the process for <paramref name="gcPausesDuringPass"/>.
    /// </summary>
    /// <returns>How long callers now resume on the thread pool when this completion began a pause; otherwise zero.</returns>
    public static TimeSpan Observe(long now, long elapsed, long compiledDuringPass, TimeSpan gcPausesDuringPass)
    {
        long slow = elapsed - Ticks(gcPausesDuringPass);
        if (slow < s_slowTicks || compiledDuringPass != 0 || !Enabled)
        {
            return TimeSpan.Zero;
        }

        lock (s_lock)
        {
            s_slowCount++;
            long drained = Math.Max(0, now - s_debtAt) / 100; // 10 ms per second
            s_debt = Math.Max(0, s_debt - drained) + slow;
            s_debtAt = now;
            if (s_debt < s_debtLimit)
            {
                return TimeSpan.Zero;
            }

            s_debt = 0;
            s_doublings = s_lastPause == 0 || now - s_lastPause > s_quietReset ? 0 : Math.Min(MaxDoublings, s_doublings + 1);
            s_lastPause = now;
            s_pauseCount++;
            long pause = s_firstPause << s_doublings;
            Volatile.Write(ref s_pausedUntil, now + pause);
            return TimeSpan.FromSeconds((double)pause / Stopwatch.Frequency);
        }
    }

    /// <summary>Forgets every slow completion and pause (tests only: each starts from the default).</summary>
    internal static void Reset()
    {
        lock (s_lock)
        {
            s_debt = 0;
            s_debtAt = 0;
            s_doublings = 0;
            s_lastPause = 0;
            Volatile.Write(ref s_pausedUntil, 0);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
