using System.Diagnostics;
using System.Globalization;

namespace DaneHttp.Benchmarks;

/// <summary>
/// Process CPU time per operation (user + system, every thread: client, Kestrel and the in-process DNS server), for
/// the same operations as <see cref="HttpConnectionBenchmarks"/>. The variants run in alternating rounds so that a change
/// of machine load hits all of them alike; the table gives the median of the rounds. The server side is the same for
/// the plain and the DANE client, so the difference between two rows is the client's extra CPU (plus, for the lookup
/// variant, the DNS server's work, which a real deployment does elsewhere).
/// </summary>
internal static class CpuPerOperation
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400;
        int pooled = connections * 5;
        const int Warmup = 100;
        if (Warmup + (rounds * connections) > LoopbackSetup.FreshHostCount)
        {
            Console.Error.WriteLine($"rounds × connections must stay below {LoopbackSetup.FreshHostCount - Warmup} (fresh hosts).");
            return 2;
        }

        await using LoopbackSetup setup = await LoopbackSetup.StartAsync().ConfigureAwait(false);
        var variants = new (string Name, string Baseline, int Count, Func<Task> Operation)[]
        {
            ("Plain_NewConnection", "Plain_NewConnection", connections, setup.PlainNewConnectionAsync),
            ("Dane_NewConnection_WarmCache", "Plain_NewConnection", connections, setup.DaneNewConnectionWarmAsync),
            ("Plain_NewConnection_NewHost", "Plain_NewConnection_NewHost", connections, setup.PlainNewConnectionToNewHostAsync),
            ("Dane_NewConnection_LookupOnConnectPath", "Plain_NewConnection_NewHost", connections, setup.DaneNewConnectionWithLookupAsync),
            ("Plain_NewConnection_NewHost_Resolved", "Plain_NewConnection_NewHost_Resolved", connections, setup.PlainNewConnectionToNewHostResolvedAsync),
            ("Plain_NewConnection_CustomRoot", "Plain_NewConnection_CustomRoot", connections, setup.PlainCustomRootNewConnectionAsync),
            ("Dane_NewConnection_PkixFallback_WarmCache", "Plain_NewConnection_CustomRoot", connections, setup.DanePkixNewConnectionWarmAsync),
            ("Plain_PooledRequest", "Plain_PooledRequest", pooled, setup.PlainPooledAsync),
            ("Dane_PooledRequest", "Plain_PooledRequest", pooled, setup.DanePooledAsync),
        };

        foreach (var variant in variants)
        {
            for (int i = 0; i < Warmup; i++)
            {
                await variant.Operation().ConfigureAwait(false);
            }
        }

        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var wall = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (var variant in variants)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < variant.Count; i++)
                {
                    await variant.Operation().ConfigureAwait(false);
                }

                TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
                TimeSpan cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
                cpu[variant.Name].Add(cpuUsed.TotalMicroseconds / variant.Count);
                wall[variant.Name].Add(elapsed.TotalMicroseconds / variant.Count);
            }
        }

        Console.WriteLine($"CPU per operation, median of {rounds} rounds ({connections} new connections or {pooled} pooled requests per round and variant)");
        Console.WriteLine();
        Console.WriteLine("| operation | wall µs/op | CPU µs/op | extra CPU µs/op vs plain | CPU ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var variant in variants)
        {
            double c = Median(cpu[variant.Name]);
            double baseline = Median(cpu[variant.Baseline]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Name} | {Median(wall[variant.Name]):N0} | {c:N1} | {c - baseline:+0.0;-0.0;0.0} | {c / baseline:N2} |"));
        }

        // The DANE lookup row against the plain client that resolves its new name too (both pay for DNS).
        double dane = Median(cpu["Dane_NewConnection_LookupOnConnectPath"]);
        double resolved = Median(cpu["Plain_NewConnection_NewHost_Resolved"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Dane_NewConnection_LookupOnConnectPath vs Plain_NewConnection_NewHost_Resolved | {Median(wall["Dane_NewConnection_LookupOnConnectPath"]) / Median(wall["Plain_NewConnection_NewHost_Resolved"]):N2}× wall | {dane:N1} | {dane - resolved:+0.0;-0.0;0.0} | {dane / resolved:N2} |"));

        // The PKIX-fallback row against the default plain client too (which builds its chain against the system store).
        double fallback = Median(cpu["Dane_NewConnection_PkixFallback_WarmCache"]);
        double plainDefault = Median(cpu["Plain_NewConnection"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Dane_NewConnection_PkixFallback_WarmCache vs Plain_NewConnection | {Median(wall["Dane_NewConnection_PkixFallback_WarmCache"]) / Median(wall["Plain_NewConnection"]):N2}× wall | {fallback:N1} | {fallback - plainDefault:+0.0;-0.0;0.0} | {fallback / plainDefault:N2} |"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
