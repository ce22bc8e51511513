using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// A cold recursive lookup from a private root, ours next to Unbound's (benchmarks/run-recursive-cold.sh). The private
/// tree (<c>.</c> → <c>example.</c> → <c>sub.example.</c>, one in-process server per zone on its own 127.x address, port 53
/// because Unbound sends to port 53 only) answers both; each round starts with empty caches (a new resolver; a restarted
/// Unbound). Printed per resolver: median and p90 latency of <c>host.sub.example. A</c>, queries the authoritative
/// servers received, and the verdict.
/// <code>Dns.Secure.Benchmarks recursive-cold 20 [--no-unbound]</code>
/// </summary>
public static class RecursiveColdLookup
{
    private const string Name = "host.sub.example.";

    /// <summary>Runs the comparison; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        bool unbound = !args.Contains("--no-unbound");
        await using TestHierarchy tree = await TestHierarchy.CreateAsync(b =>
        {
            b.ServerPerZone = true;
            b.EndPoint = new IPEndPoint(IPAddress.Loopback, NameServer.DnsPort);
            b.AddZone("example.");
            b.AddZone("sub.example.").WithAddress(IPAddress.Parse("192.0.2.2"), "host");
        }).ConfigureAwait(false);
        TrustAnchorStore anchors = tree.TrustAnchorStore;

        // Warm-up outside the measurement: JIT of the resolver and of the servers.
        await OursAsync(tree, anchors).ConfigureAwait(false);
        var ours = new List<(double Ms, int Queries, string Verdict)>();
        for (int i = 0; i < rounds; i++)
        {
            ours.Add(await OursAsync(tree, anchors).ConfigureAwait(false));
        }

        Report("Dns.Secure (CreateRecursive)", ours);
        if (unbound)
        {
            var theirs = new List<(double Ms, int Queries, string Verdict)>();
            for (int i = 0; i < rounds; i++)
            {
                theirs.Add(await UnboundAsync(tree).ConfigureAwait(false));
            }

            Report("Unbound (validator iterator)", theirs);
        }

        return 0;
    }

    private static async Task<(double, int, string)> OursAsync(TestHierarchy tree, TrustAnchorStore anchors)
    {
        ValidatingResolver resolver = ValidatingResolver.CreateRecursive(anchors, new ValidatingResolverOptions
        {
            RootHints = RootHints.FromEndPoints(tree.RootEndPoints),
            Recursion = new IterativeResolverOptions { ServerPort = tree.Port },
        });
        int before = TotalQueries(tree);
        long start = Stopwatch.GetTimestamp();
        ValidatedLookup result = await resolver.ResolveAsync(Name, RecordType.A).ConfigureAwait(false);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (ms, TotalQueries(tree) - before, result.Status.ToString());
    }

    private static async Task<(double, int, string)> UnboundAsync(TestHierarchy tree)
    {
        string dir = Directory.CreateTempSubdirectory("recursive-cold-").FullName;
        int port = 20000 + Random.Shared.Next(20000);
        File.WriteAllLines(Path.Combine(dir, "root.hints"), tree.RootEndPoints.Select((e, i) => $". 3600 NS r{i}.hints.invalid.\nr{i}.hints.invalid. 3600 A {e.Address}"));
        File.WriteAllLines(Path.Combine(dir, "anchor.ds"), tree.TrustAnchors.Select(r => r.ToString()));
        File.WriteAllText(Path.Combine(dir, "unbound.conf"), $"""
            server:
              interface: 127.0.0.1@{port}
              do-not-query-localhost: no
              do-ip6: no
              username: ""
              chroot: ""
              directory: "{dir}"
              pidfile: "{dir}/unbound.pid"
              use-syslog: no
              root-hints: "{dir}/root.hints"
              trust-anchor-file: "{dir}/anchor.ds"
              module-config: "validator iterator"
              qname-minimisation: no
              target-fetch-policy: "0 0 0 0 0"
              prefetch: no
              minimal-responses: yes
            remote-control:
              control-enable: no
            """);
        using var process = Process.Start(new ProcessStartInfo("unbound", ["-d", "-c", Path.Combine(dir, "unbound.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("unbound did not start (apt-get install unbound)");
        try
        {
            var options = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(5), Attempts = 1, CacheMaxEntries = 0 };
            options.Servers.Add(NameServer.Udp(IPAddress.Loopback, port));
            await using var stub = new StubResolver(options);
            await WaitForPortAsync(stub).ConfigureAwait(false);
            int before = TotalQueries(tree);
            long start = Stopwatch.GetTimestamp();
            LookupResult result = await stub.LookupAsync(DomainName.Parse(Name), RecordType.A, new LookupOptions { DnssecOk = true }).ConfigureAwait(false);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            string verdict = result.Response is { } r ? $"{r.ResponseCode}{(r.AuthenticData ? " AD" : "")}" : result.Status.ToString();
            return (ms, TotalQueries(tree) - before, verdict);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Waits until Unbound answers (a question outside the tree, so the tree's counters stay put).</summary>
    private static async Task WaitForPortAsync(StubResolver stub)
    {
        for (int i = 0; i < 100; i++)
        {
            LookupResult probe = await stub.LookupAsync(new DnsQuestion(DomainName.Parse("localhost."), RecordType.A), new LookupOptions { BypassCache = true }).ConfigureAwait(false);
            if (probe.Status == LookupStatus.Success)
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new InvalidOperationException("unbound did not answer");
    }

    private static int TotalQueries(TestHierarchy tree) => tree.Servers.Sum(s => s.Queries.Total);

    private static void Report(string who, List<(double Ms, int Queries, string Verdict)> runs)
    {
        double[] ms = [.. runs.Select(r => r.Ms).Order()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{who}: {runs.Count} cold lookups of {Name} A, median {ms[ms.Length / 2]:F1} ms, p90 {ms[(int)(ms.Length * 0.9)]:F1} ms, " +
            $"authoritative queries {runs.Min(r => r.Queries)}–{runs.Max(r => r.Queries)}, verdicts {string.Join(",", runs.Select(r => r.Verdict).Distinct())}"));
    }
}
