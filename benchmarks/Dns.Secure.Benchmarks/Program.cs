using BenchmarkDotNet.Running;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Dns.Secure.Benchmarks -- --filter '*' --inProcess</c>
/// (any BenchmarkDotNet command-line option works; benchmarks/run-wire-comparison.sh shows the ones docs/benchmarks.md used).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
