namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// The process's UDP event loops: one unless configured, started on first use, background threads that live as long as
/// the process (a blocked one is replaced, <see cref="LoopWatchdog"/>) and sleep without a timeout when nothing is
/// pending. One loop, as Unbound runs one thread by default: callers resume on the loop thread (LoopEscape) and their
/// next lookup starts there, so the whole resolver runs on one busy thread without hand-offs; it validates about 9,000
/// (ECDSA) to 14,000 (RSA) uncached answers per second on one core of the benchmark machine (docs/benchmarks.md), and
/// cached answers never touch it. An exchange started on a loop thread stays on that loop; others are spread round-robin.
/// <para>Switched off by the AppContext switch <c>DnsSecure.Transport.DisableUdpEventLoop</c> (runtimeconfig
/// <c>"configProperties"</c> or <c>AppContext.SetSwitch</c> before the first query): every UDP query then uses the
/// runtime's socket engine.</para>
/// <para>The AppContext data <c>DnsSecure.Transport.UdpEventLoopCount</c> (an integer, 1 to <see cref="MaxConfiguredLoops"/>;
/// runtimeconfig <c>"configProperties"</c> or <c>AppContext.SetData</c> before the first query) sets how many loops start.
/// More loops give more uncached answers per second, at a higher CPU cost per answer (each loop has fewer lookups in
/// flight and sleeps and wakes more often). A value that is not such an integer is ignored (the default applies).</para>
/// </summary>
internal static class UdpEventLoops
{
    /// <summary>The AppContext switch that turns the loop off.</summary>
    public const string DisableSwitch = "DnsSecure.Transport.DisableUdpEventLoop";

    /// <summary>The AppContext data that sets the number of loops.</summary>
    public const string LoopCountData = "DnsSecure.Transport.UdpEventLoopCount";

    /// <summary>The most loops the configuration may ask for (each is a thread with its own epoll set).</summary>
    public const int MaxConfiguredLoops = 64;

    /// <summary>The loops started when the AppContext data does not say.</summary>
    public const int DefaultLoopCount = 1;
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
    /// otherwise <see cref="DefaultLoopCount"/>.
    /// </summary>
    internal static int ChooseLoopCount(object? configured)
    {
        int? value = configured switch
        {
            int number => number,
            long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
            string text when int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) => number,
            _ => null,
        };

        return value is >= 1 and <= MaxConfiguredLoops ? value.Value : DefaultLoopCount;
    }

    private static UdpEventLoop[]? Start()
    {
        lock (s_lock)
        {
            if (s_loops is not null || s_unavailable)
            {
                return s_loops;
            }

            int count = ChooseLoopCount(AppContext.GetData(LoopCountData));
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
