namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// The process's UDP event loops: a small fixed number (min(processors, 4) unless configured), started on first use,
/// background threads that live as long as the process and sleep without a timeout when nothing is pending. An exchange
/// started on a loop thread stays on that loop (its continuation runs there already); others are spread round-robin.
/// <para>Switched off by the AppContext switch <c>DnsSecure.Transport.DisableUdpEventLoop</c> (runtimeconfig
/// <c>"configProperties"</c> or <c>AppContext.SetSwitch</c> before the first query): every UDP query then uses the
/// runtime's socket engine.</para>
/// <para>The AppContext data <c>DnsSecure.Transport.UdpEventLoopCount</c> (an integer, 1 to <see cref="MaxConfiguredLoops"/>;
/// runtimeconfig <c>"configProperties"</c> or <c>AppContext.SetData</c> before the first query) sets how many loops start.
/// One loop with <c>ValidatingResolverOptions.DangerousInlineContinuations</c> gives "one busy thread": every caller's next
/// lookup starts on the loop that answered the last one, as a single-threaded Unbound works. A value that is not such an
/// integer is ignored (the default applies).</para>
/// </summary>
internal static class UdpEventLoops
{
    /// <summary>The AppContext switch that turns the loop off.</summary>
    public const string DisableSwitch = "DnsSecure.Transport.DisableUdpEventLoop";

    /// <summary>The AppContext data that sets the number of loops.</summary>
    public const string LoopCountData = "DnsSecure.Transport.UdpEventLoopCount";

    /// <summary>The most loops the configuration may ask for (each is a thread with its own epoll set).</summary>
    public const int MaxConfiguredLoops = 64;

    /// <summary>The most loops started by default, however many processors there are.</summary>
    private const int MaxDefaultLoops = 4;
    private static readonly Lock s_lock = new();
    private static UdpEventLoop[]? s_loops;
    private static bool s_unavailable = !LinuxNative.Supported
        || (AppContext.TryGetSwitch(DisableSwitch, out bool disabled) && disabled);

    private static uint s_next;

    /// <summary>True when the loop can be used (it may not have started yet).</summary>
    public static bool Available => !Volatile.Read(ref s_unavailable);

    /// <summary>The loops started so far (for tests).</summary>
    internal static IReadOnlyList<UdpEventLoop> Started => Volatile.Read(ref s_loops) ?? [];

    /// <summary>A loop for a new exchange, starting the loops on first use; null when they are not available.</summary>
    public static UdpEventLoop? Pick()
    {
        if (UdpEventLoop.Current is { } current)
        {
            return current;
        }

        UdpEventLoop[]? loops = Volatile.Read(ref s_loops) ?? Start();
        if (loops is null)
        {
            return null;
        }

        return loops.Length == 1 ? loops[0] : loops[Interlocked.Increment(ref s_next) % (uint)loops.Length];
    }

    /// <summary>
    /// How many loops to start: <paramref name="configured"/> (the AppContext data: an <see cref="int"/> from
    /// <c>AppContext.SetData</c>, a string from runtimeconfig) when it is an integer from 1 to <see cref="MaxConfiguredLoops"/>,
    /// otherwise min(<paramref name="processorCount"/>, 4).
    /// </summary>
    internal static int ChooseLoopCount(object? configured, int processorCount)
    {
        int? value = configured switch
        {
            int number => number,
            long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
            string text when int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) => number,
            _ => null,
        };

        return value is >= 1 and <= MaxConfiguredLoops ? value.Value : Math.Clamp(processorCount, 1, MaxDefaultLoops);
    }

    private static UdpEventLoop[]? Start()
    {
        lock (s_lock)
        {
            if (s_loops is not null || s_unavailable)
            {
                return s_loops;
            }

            int count = ChooseLoopCount(AppContext.GetData(LoopCountData), Environment.ProcessorCount);
            var loops = new List<UdpEventLoop>(count);
            for (int i = 0; i < count; i++)
            {
                if (UdpEventLoop.TryStart(i) is { } loop)
                {
                    loops.Add(loop);
                }
            }

            if (loops.Count == 0)
            {
                Volatile.Write(ref s_unavailable, true);
                return null;
            }

            Volatile.Write(ref s_loops, [.. loops]);
            return s_loops;
        }
    }
}
