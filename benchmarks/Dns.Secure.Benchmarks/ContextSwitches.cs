using System.Globalization;
using System.Runtime.InteropServices;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The process's context switches so far (<c>getrusage(RUSAGE_SELF)</c>: every thread, those that have ended included):
/// voluntary (a thread went to sleep: a blocking wait, an idle event loop) and involuntary (the kernel preempted it). Zero
/// where <c>getrusage</c> is not available.
/// </summary>
internal readonly partial record struct ContextSwitches(long Voluntary, long Involuntary)
{
    private const int RusageSelf = 0;

    /// <summary>The counts now.</summary>
    public static ContextSwitches Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return default;
        }

        // struct rusage on 64-bit Linux: two struct timeval (16 octets each), then 14 longs; ru_nvcsw and ru_nivcsw are the last two.
        Span<long> usage = stackalloc long[18];
        return GetResourceUsage(RusageSelf, ref MemoryMarshal.GetReference(usage)) == 0 ? new ContextSwitches(usage[16], usage[17]) : default;
    }

    public static ContextSwitches operator -(ContextSwitches after, ContextSwitches before) =>
        new(after.Voluntary - before.Voluntary, after.Involuntary - before.Involuntary);

    /// <summary><c>switches_per_answer=… voluntary_switches=… involuntary_switches=…</c> for <paramref name="answers"/> answers.</summary>
    public string Format(long answers) => string.Create(CultureInfo.InvariantCulture,
        $"switches_per_answer={(double)(Voluntary + Involuntary) / Math.Max(1, answers):0.00} voluntary_switches={Voluntary} involuntary_switches={Involuntary}");

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, ref long usage);
}
