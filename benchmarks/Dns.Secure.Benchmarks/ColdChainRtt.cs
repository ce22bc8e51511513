using System.Diagnostics;
using System.Globalization;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Resolution;
using DnsSecure.Testing.Server;

namespace DnsSecure.Benchmarks;

/// <summary>
/// <c>cold-chain-rtt MILLISECONDS ITERATIONS</c>: the cold chain of <see cref="ValidatorSetup.TlsaName"/> (six queries)
/// against the in-process authoritative server holding every answer MILLISECONDS before sending it — an upstream with that
/// round-trip time — with the chain's queries one after another (sequential) and sent ahead (the default), alternately.
/// The wait dominates, so the figures show how many round trips the walk puts one after another even on a loaded
/// machine: about six sequentially, two ahead (the question with the anchor's DNSKEY; then DS and DNSKEY of every zone
/// below the anchor down to the signer, all at once).
/// </summary>
public static class ColdChainRtt
{
    /// <summary>Runs the mode; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: cold-chain-rtt MILLISECONDS ITERATIONS");
            return 2;
        }

        var rtt = TimeSpan.FromMilliseconds(double.Parse(args[1], CultureInfo.InvariantCulture));
        int iterations = int.Parse(args[2], CultureInfo.InvariantCulture);
        await using ValidatorSetup setup = await ValidatorSetup.CreateAsync().ConfigureAwait(false);
        setup.Hierarchy.Server.Faults.Add(Fault.Delayed(rtt));
        var modes = new[] { ("sequential", new ValidatingResolverOptions { SendChainQueriesAhead = false }), ("ahead", new ValidatingResolverOptions()) };
        double[][] times = [new double[iterations], new double[iterations]];
        int[] secure = new int[modes.Length];
        int[] queries = new int[modes.Length];
        for (int i = -5; i < iterations; i++)
        {
            for (int m = 0; m < modes.Length; m++)
            {
                VerifiedSignatureCache.Shared.Clear();
                ValidatingResolver resolver = setup.CreateResolver(modes[m].Item2);
                long started = Stopwatch.GetTimestamp();
                ValidatedLookup lookup = await resolver.ResolveAsync(ValidatorSetup.TlsaName, RecordType.TLSA).ConfigureAwait(false);
                if (i >= 0)
                {
                    // The first five rounds are warm-up (JIT, sockets).
                    times[m][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    secure[m] += lookup.Status == DnssecStatus.Secure ? 1 : 0;
                    queries[m] = lookup.UpstreamQueries;
                }
            }
        }

        for (int m = 0; m < modes.Length; m++)
        {
            double[] sorted = times[m];
            Array.Sort(sorted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rtt_ms={rtt.TotalMilliseconds} mode={modes[m].Item1} lookups={iterations} secure={secure[m]} queries_per_lookup={queries[m]} p50_ms={sorted[iterations / 2]:0.000} mean_ms={sorted.Average():0.000} min_ms={sorted[0]:0.000} p90_ms={sorted[iterations * 9 / 10]:0.000} p50_in_rtts={sorted[iterations / 2] / rtt.TotalMilliseconds:0.00}"));
        }

        return 0;
    }
}
