namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// The process's UDP event loops: a small fixed number (min(processors, 4)), started on first use, background threads
/// that live as long as the process and sleep without a timeout when nothing is pending. An exchange started on a loop
/// thread stays on that loop (its continuation runs there already); others are spread round-robin.
/// <para>Switched off by the AppContext switch <c>DnsSecure.Transport.DisableUdpEventLoop</c> (runtimeconfig
/// <c>"configProperties"</c> or <c>AppContext.SetSwitch</c> before the first query): every UDP query then uses the
/// runtime's socket engine.</para>
/// </summary>
internal static class UdpEventLoops
{
    /// <summary>The AppContext switch that turns the loop off.</summary>
    public const string DisableSwitch = "DnsSecure.Transport.DisableUdpEventLoop";

    private const int MaxLoops = 4;
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

    private static UdpEventLoop[]? Start()
    {
        lock (s_lock)
        {
            if (s_loops is not null || s_unavailable)
            {
                return s_loops;
            }

            int count = Math.Clamp(Environment.ProcessorCount, 1, MaxLoops);
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
