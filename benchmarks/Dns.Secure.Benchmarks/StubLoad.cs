using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSecure.Resolution;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Uncached throughput of <see cref="StubResolver"/>, for the side-by-side run with dnsperf
/// (benchmarks/run-stub-vs-dnsperf.sh): <c>concurrency</c> workers look up the names of a dnsperf query file in turn,
/// with the cache bypassed, for <c>seconds</c>; prints completed lookups per second.
/// <code>Dns.Secure.Benchmarks stub-load 127.0.0.1:5300 queries.txt 20 10</code>
/// </summary>
public static class StubLoad
{
    /// <summary>Runs the load; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: stub-load <address:port> <dnsperf query file> <concurrency> <seconds>");
            return 2;
        }

        IPEndPoint server = IPEndPoint.Parse(args[1]);
        DnsQuestion[] questions = [.. File.ReadLines(args[2])
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length >= 2)
            .Select(t => new DnsQuestion(DomainName.Parse(t[0].EndsWith('.') ? t[0] : t[0] + "."), RecordTypeText.TryParseType(t[1], out RecordType type) ? type : throw new FormatException(t[1])))];
        int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        TimeSpan duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));

        var options = new StubResolverOptions { CacheMaxEntries = 0, Timeout = TimeSpan.FromSeconds(1), MaxTimeout = TimeSpan.FromSeconds(2), Attempts = 1 };
        options.Servers.Add(new NameServer(server));
        await using var resolver = new StubResolver(options);
        var lookup = new LookupOptions { BypassCache = true };

        // Warm-up: JIT and the first socket, outside the measured window.
        for (int i = 0; i < Math.Min(questions.Length, 200); i++)
        {
            await resolver.LookupAsync(questions[i], lookup).ConfigureAwait(false);
        }

        long upstreamBefore = resolver.UpstreamQueryCount;
        long completed = 0, failed = 0, next = -1;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        Task[] workers = [.. Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                DnsQuestion question = questions[(int)((ulong)Interlocked.Increment(ref next) % (ulong)questions.Length)];
                LookupResult result = await resolver.LookupAsync(question, lookup).ConfigureAwait(false);
                Interlocked.Increment(ref result.IsSuccess ? ref completed : ref failed);
            }
        }))];
        await Task.WhenAll(workers).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        long upstream = resolver.UpstreamQueryCount - upstreamBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lookups={completed} failed={failed} upstream={upstream} seconds={seconds:0.###} lookups_per_second={completed / seconds:0.#} upstream_per_second={upstream / seconds:0.#}"));
        return 0;
    }
}
