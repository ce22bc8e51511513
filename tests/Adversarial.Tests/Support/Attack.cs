using System.Diagnostics;
using System.Globalization;

namespace Adversarial.Tests.Support;

/// <summary>
/// One attack's bookkeeping: each attempt runs under <see cref="MeasureAsync{T}"/> (process CPU time and bytes
/// allocated by every thread, the in-process servers and attackers included, so the figures are upper bounds), then
/// is judged refused or accepted wrongly. <see cref="Complete"/> records the row and fails the test on any wrongly
/// accepted attempt.
/// </summary>
internal sealed class Attack
{
    private readonly string _name;
    private readonly string _covers;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _wrong = [];
    private readonly Lock _gate = new();
    private int _attempts;
    private int _refused;
    private double _maxCpuMs;
    private long _maxAllocated;
    private string _reason = string.Empty;

    private Attack(string name, string covers, ITestOutputHelper output)
    {
        _name = name;
        _covers = covers;
        _output = output;
    }

    /// <summary>Starts an attack; <paramref name="covers"/> is the test that covers it (for the report).</summary>
    public static Attack Begin(string name, ITestOutputHelper output, [System.Runtime.CompilerServices.CallerMemberName] string covers = "") => new(name, covers, output);

    public int AcceptedWrongly
    {
        get
        {
            lock (_gate)
            {
                return _wrong.Count;
            }
        }
    }

    /// <summary>Runs one attempt and records its CPU time and allocations.</summary>
    public async Task<T> MeasureAsync<T>(Func<Task<T>> attempt)
    {
        var (cpu, allocated) = Start();
        try
        {
            return await attempt();
        }
        finally
        {
            Stop(cpu, allocated);
        }
    }

    /// <summary>Runs one synchronous attempt and records its CPU time and allocations.</summary>
    public T Measure<T>(Func<T> attempt)
    {
        var (cpu, allocated) = Start();
        try
        {
            return attempt();
        }
        finally
        {
            Stop(cpu, allocated);
        }
    }

    /// <summary>Judges one attempt: refused (with the reason the defender gave) or accepted wrongly (with what got through).</summary>
    public void Judge(bool refused, string detail)
    {
        lock (_gate)
        {
            _attempts++;
            if (refused)
            {
                _refused++;
                if (_reason.Length == 0)
                {
                    _reason = detail;
                }
            }
            else if (_wrong.Count < 20)
            {
                _wrong.Add(detail);
            }
            else
            {
                _wrong.Add(string.Empty);
            }
        }
    }

    /// <summary>Records the row, prints it, and fails when any attempt was accepted wrongly.</summary>
    public AttackRow Complete()
    {
        AttackRow row;
        lock (_gate)
        {
            row = new AttackRow(_name, _covers, _attempts, _refused, _wrong.Count, _maxCpuMs, _maxAllocated, Shorten(_reason));
        }

        AttackLedger.Add(row);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{row.Attack}: {row.Attempts} attempts, {row.Refused} refused, {row.AcceptedWrongly} accepted wrongly, max {row.MaxCpuMilliseconds:0.#} ms CPU, max {AttackLedger.FormatBytes(row.MaxAllocatedBytes)} allocated; {row.Reason}"));
        Assert.True(row.AcceptedWrongly == 0, $"{_name}: accepted wrongly {row.AcceptedWrongly} times: {string.Join("; ", _wrong.Where(w => w.Length > 0))}");
        Assert.True(row.Attempts > 0, $"{_name}: no attempt was made");
        return row;
    }

    private static (TimeSpan Cpu, long Allocated) Start() => (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(false));

    private void Stop(TimeSpan cpuBefore, long allocatedBefore)
    {
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        long allocated = GC.GetTotalAllocatedBytes(false) - allocatedBefore;
        lock (_gate)
        {
            _maxCpuMs = Math.Max(_maxCpuMs, cpu);
            _maxAllocated = Math.Max(_maxAllocated, allocated);
        }
    }

    private static string Shorten(string reason) => reason.Length <= 120 ? reason.ReplaceLineEndings(" ") : reason[..117].ReplaceLineEndings(" ") + "...";
}
