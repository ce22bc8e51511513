namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>A fact that runs only when the environment variable <see cref="Variable"/> is set to 1 (a benchmark,
/// too long and too load-dependent for every test run; benchmarks/run-recursive-cold-nsd.sh sets it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptInBenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "DANE_BENCH_RECURSIVE";

    public OptInBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"benchmark: set {Variable}=1 (benchmarks/run-recursive-cold-nsd.sh)";
        }
    }
}
