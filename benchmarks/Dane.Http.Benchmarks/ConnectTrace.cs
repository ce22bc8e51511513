using System.Diagnostics;
using System.Globalization;

namespace DaneHttp.Benchmarks;

/// <summary>
/// <c>trace [connections]</c>: the timeline of new DANE connections to never-seen hosts, from the activities Dane.Http and
/// the runtime emit (TLSA lookup, socket connect, TLS handshake, certificate check), in milliseconds from the request's
/// start. Shows whether the TCP connect and the TLS handshake really run while the TLSA lookup is in flight.
/// </summary>
internal static class ConnectTrace
{
    private static readonly string[] Sources =
    [
        "Dane.Http",
        "Experimental.System.Net.Sockets",
        "Experimental.System.Net.Security",
        "Experimental.System.Net.Http.Connections",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        int connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        await using LoopbackSetup setup = await LoopbackSetup.StartAsync().ConfigureAwait(false);
        for (int i = 0; i < 50; i++)
        {
            await setup.DaneNewConnectionWithLookupAsync().ConfigureAwait(false);
        }

        var spans = new List<(string Name, DateTime Start, TimeSpan Duration)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add((activity.OperationName, activity.StartTimeUtc, activity.Duration));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        for (int c = 0; c < connections; c++)
        {
            lock (spans)
            {
                spans.Clear();
            }

            DateTime start = DateTime.UtcNow;
            long started = Stopwatch.GetTimestamp();
            await setup.DaneNewConnectionWithLookupAsync().ConfigureAwait(false);
            double total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connection {c + 1} (new host, whole request {total:F3} ms):"));
            lock (spans)
            {
                foreach (var (name, spanStart, duration) in spans.OrderBy(s => s.Start))
                {
                    double from = (spanStart - start).TotalMilliseconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-32} {from,8:F3} → {from + duration.TotalMilliseconds,8:F3} ms"));
                }
            }
        }

        return 0;
    }
}
