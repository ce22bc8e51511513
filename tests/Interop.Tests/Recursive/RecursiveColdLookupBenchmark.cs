using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Interop.Tests.Support;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using Xunit.Abstractions;

namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>
/// A cold validated lookup of a TLSA name from the private root of <see cref="RecursiveHierarchy"/>: our recursive mode
/// (a new resolver, empty caches, per run) against Unbound (restarted per run, so its cache is empty). Reports, per
/// resolver, the median of the runs: queries sent to authoritative servers, CPU time and latency. Opt-in
/// (<see cref="OptInBenchmarkFactAttribute.Variable"/>=1); asserts only that every lookup is Secure.
/// </summary>
public class RecursiveColdLookupBenchmark(ITestOutputHelper output)
{
    private const string Name = "_443._tcp.www.example.tld.";

    [OptInBenchmarkFact]
    public async Task ColdTlsaLookup_OursAndUnbound_Measured()
    {
        int runs = int.TryParse(Environment.GetEnvironmentVariable("DANE_BENCH_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int r) && r > 0 ? r : 10;
        await using RecursiveHierarchy hierarchy = await RecursiveHierarchy.StartAsync();
        var root = new IPEndPoint(hierarchy.RootServer, 53);
        TrustAnchorStore anchors = TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(hierarchy.RootKsk));

        var ours = new List<(double Queries, double CpuMs, double LatencyMs)>();
        for (int i = 0; i <= runs; i++)
        {
            await using var channel = new NetworkAuthoritativeChannel();
            var source = new IterativeDataSource(RootHints.FromEndPoints([root]), channel);
            var resolver = new ValidatingResolver(source, anchors);
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            ValidatedLookup lookup = await resolver.ResolveAsync(Name, RecordType.TLSA);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Assert.Equal(DnssecStatus.Secure, lookup.Status);
            if (i > 0)
            {
                // Run 0 only warms up the JIT.
                ours.Add((source.QueriesSent, cpu.TotalMilliseconds, elapsed.TotalMilliseconds));
            }
        }

        var unbound = new List<(double Queries, double CpuMs, double LatencyMs)>();
        for (int i = 0; i < runs; i++)
        {
            await using UnboundServer server = await UnboundServer.StartAsync(root, [hierarchy.RootKsk], rootHints: [hierarchy.RootServer], verbosity: 3);
            // Unbound listens before it has finished starting; a question it answers locally (RFC 6761 localhost, no
            // iteration, nothing cached for the hierarchy) waits for that, so start-up is not measured.
            await LoopbackDnsClient.QueryAsync(server.Endpoint, "localhost.", RecordType.A, timeout: TimeSpan.FromSeconds(10));
            int sentBefore = CountSent(server.Output);
            double cpuBefore = ProcessCpuMs(server.ProcessId);
            long start = Stopwatch.GetTimestamp();
            DnsMessage answer = await LoopbackDnsClient.QueryAsync(server.Endpoint, Name, RecordType.TLSA, timeout: TimeSpan.FromSeconds(10));
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            double cpu = ProcessCpuMs(server.ProcessId) - cpuBefore;
            Assert.True(answer.AuthenticData, answer.ToString());
            await Task.Delay(TimeSpan.FromMilliseconds(300)); // let the captured log catch up before counting
            unbound.Add((CountSent(server.Output) - sentBefore, cpu, elapsed.TotalMilliseconds));
            if (Environment.GetEnvironmentVariable("DANE_BENCH_LOG") == "1")
            {
                output.WriteLine(server.Output);
            }
        }

        output.WriteLine($"| resolver ({runs} cold runs, median) | queries sent | CPU ms | latency ms |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        output.WriteLine(Row("Dns.Secure IterativeDataSource + ValidatingResolver", ours));
        output.WriteLine(Row("Unbound (validator iterator, restarted per run)", unbound));
    }

    /// <summary>Unbound at verbosity 3 logs "sending to target:" for every query it sends to an authoritative server.</summary>
    private static int CountSent(string log) => log.Split('\n').Count(l => l.Contains("sending to target:", StringComparison.Ordinal));

    /// <summary>CPU time of a (single-threaded) process: /proc/&lt;pid&gt;/schedstat's first field, in nanoseconds.</summary>
    private static double ProcessCpuMs(int pid) =>
        long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e6;

    private static string Row(string name, List<(double Queries, double CpuMs, double LatencyMs)> runs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(runs.Select(r => r.Queries)):0} | {Median(runs.Select(r => r.CpuMs)):0.0} | {Median(runs.Select(r => r.LatencyMs)):0.0} |");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
