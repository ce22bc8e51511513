using BenchmarkDotNet.Running;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Dns.Secure.Benchmarks -- --filter '*' --inProcess</c>
/// (any BenchmarkDotNet command-line option works; benchmarks/run-wire-comparison.sh shows the ones docs/benchmarks.md used).
/// <c>stub-load …</c> instead runs <see cref="StubLoad"/> (benchmarks/run-stub-vs-dnsperf.sh); <c>recursive-cold …</c> runs
/// <see cref="RecursiveColdLookup"/> (benchmarks/run-recursive-cold.sh); <c>handshake-ratio [pairs]</c> runs
/// <see cref="HandshakeRatio"/>; <c>validator-load</c>, <c>cold-chain</c>, <c>udp-floor-load</c> and <c>cached-load</c> run
/// <see cref="ValidatorLoad"/> (benchmarks/run-validator-vs-unbound.sh); <c>validator-stages</c> runs
/// <see cref="ValidatorStages"/> (the same script, STAGES=1); <c>cold-chain-rtt</c> runs <see cref="ColdChainRtt"/>.
/// </summary>
public static class Program
{
    /// <summary>"sockets" when <c>DNSSECURE_UDP_EVENT_LOOP=0</c> switched the UDP event loop off, "loop" otherwise.</summary>
    internal static string UdpEngineName { get; } = Environment.GetEnvironmentVariable("DNSSECURE_UDP_EVENT_LOOP") == "0" ? "sockets" : "loop";

    public static async Task<int> Main(string[] args)
    {
        if (UdpEngineName == "sockets")
        {
            AppContext.SetSwitch(Transport.EventLoop.UdpEventLoops.DisableSwitch, true); // before the first query
        }

        Console.Error.WriteLine($"udp engine: {UdpEngineName}");
        if (args.Length > 0 && args[0] == "stub-load")
        {
            return await StubLoad.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "recursive-cold")
        {
            return await RecursiveColdLookup.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "handshake-ratio")
        {
            return await HandshakeRatio.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "validator-stages")
        {
            return await ValidatorStages.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "cold-chain-rtt")
        {
            return await ColdChainRtt.RunAsync(args).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] is "validator-load" or "cold-chain" or "cached-load" or "udp-floor-load" or "udp-transport-load")
        {
            return await ValidatorLoad.RunAsync(args).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
