using BenchmarkDotNet.Running;

namespace DaneHttp.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Dane.Http.Benchmarks -- --filter "*"</c> (in process by its own config)
/// (any BenchmarkDotNet option works), or <c>cpu [rounds] [connections]</c> for <see cref="CpuPerOperation"/>, or <c>trace [connections]</c> for <see cref="ConnectTrace"/>.
/// benchmarks/run-http-comparison.sh runs both as docs/benchmarks.md records them.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cpu")
        {
            return await CpuPerOperation.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "trace")
        {
            return await ConnectTrace.RunAsync(args).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
