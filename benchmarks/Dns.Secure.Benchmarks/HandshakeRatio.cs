using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Tls;
using DaneSockets.Tlsa;

namespace DnsSecure.Benchmarks;

/// <summary>
/// <c>handshake-ratio [handshakes] [block]</c>: the <see cref="DaneHandshakeBenchmarks"/> connections (plain with default
/// options, plain with the CA as its only custom root, DANE) measured in interleaved blocks of <c>block</c> handshakes per
/// side (the order rotates every round, so a drifting load hits all sides alike), <c>handshakes</c> per side in all
/// (default 2000, blocks of 20). Prints wall-time medians and minima over single handshakes, and per round the ratio of the
/// block means and of the process CPU time per handshake (client and in-process server together) with a 95 % confidence
/// interval over the rounds; then what the DANE side adds alone: the warm-cache DNS lookup and the certificate check.
/// <c>handshake-ratio variants [rounds] [block] [ee,ta]</c> runs <see cref="HandshakeVariants"/> instead.
/// </summary>
internal static class HandshakeRatio
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1 && args[1] == "variants")
        {
            int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
            int block = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
            foreach (string name in args.Length > 4 ? args[4].Split(',') : ["ee", "ta"])
            {
                var variantsBench = new DaneHandshakeBenchmarks { Server = name };
                variantsBench.Setup();
                try
                {
                    await HandshakeVariants.RunAsync(variantsBench, name, rounds, block).ConfigureAwait(false);
                }
                finally
                {
                    variantsBench.Cleanup();
                }
            }

            return 0;
        }

        int handshakes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        int blockSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var rows = new List<string>();
        foreach (string server in new[] { "ee", "ta" })
        {
            var bench = new DaneHandshakeBenchmarks { Server = server };
            bench.Setup();
            try
            {
                rows.Add(await RunOneAsync(bench, server, Math.Max(2, handshakes / blockSize), blockSize).ConfigureAwait(false));
            }
            finally
            {
                bench.Cleanup();
            }
        }

        Console.WriteLine("| server | handshakes per side | plain median | plain, custom root, median | DANE median | DANE / plain, medians | DANE / plain, block means ± 95 % CI | DANE / plain custom root, block means ± 95 % CI | plain min | DANE min | CPU per handshake: plain / custom root / DANE | CPU DANE / plain ± 95 % CI | CPU DANE / plain custom root ± 95 % CI |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<string> RunOneAsync(DaneHandshakeBenchmarks bench, string server, int rounds, int block)
    {
        Func<Task<int>>[] sides = [bench.Plain, bench.PlainCustomRoot, bench.Dane, bench.DaneHandshakeOnly];

        // Warm up until the JIT has finished promoting every path to optimized code (tiered compilation): at least 100
        // rounds and 3 s, then until a whole second passes without a method being compiled. Otherwise the first part of the
        // measurement runs the DANE side's (not precompiled) code unoptimized while the background JIT competes for the cores.
        long warmStart = Stopwatch.GetTimestamp();
        long quietSince = Stopwatch.GetTimestamp();
        long compiled = JitInfo.GetCompiledMethodCount();
        for (int i = 0; i < 100 || Stopwatch.GetElapsedTime(warmStart) < TimeSpan.FromSeconds(3) || Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromSeconds(1); i++)
        {
            foreach (Func<Task<int>> side in sides)
            {
                await side().ConfigureAwait(false);
            }

            long now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, quietSince) = (now, Stopwatch.GetTimestamp());
            }

            if (Stopwatch.GetElapsedTime(warmStart) > TimeSpan.FromSeconds(30))
            {
                break;
            }
        }

        double warmSeconds = Stopwatch.GetElapsedTime(warmStart).TotalSeconds;

        // A short dry run of the measuring loop itself, so that its own code is optimized too before anything counts.
        _ = await MeasureAsync(sides, Math.Min(10, rounds), block).ConfigureAwait(false);
        long jitBefore = JitInfo.GetCompiledMethodCount();
        (double[][] single, double[][] blockWall, double[][] blockCpu) = await MeasureAsync(sides, rounds, block).ConfigureAwait(false);
        long jitDuring = JitInfo.GetCompiledMethodCount() - jitBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server}: warm-up {warmSeconds:F1} s; {rounds} rounds × {block} handshakes per side; methods compiled during the measurement: {jitDuring}"));

        // The parts the DANE side adds, alone.
        DaneTargetResolver targets = bench.Connector.Targets;
        var dns = new double[1000];
        for (int i = 0; i < dns.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await targets.ResolveAsync(bench.Host, bench.Port).ConfigureAwait(false);
            dns[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        // The check on fresh certificate objects, as each handshake hands over (no per-instance caches).
        DaneTarget target = await targets.ResolveAsync(bench.Host, bench.Port).ConfigureAwait(false);
        var checkFresh = new double[1000];
        for (int i = 0; i < checkFresh.Length; i++)
        {
            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(bench.LeafCertificate.RawData);
            using var freshChain = new X509Chain { ChainPolicy = HandshakeVariants.DaneOnlyPolicy() };
            foreach (X509Certificate2 intermediate in bench.Intermediates)
            {
                freshChain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(intermediate.RawData));
            }

            freshChain.Build(leaf);
            long start = Stopwatch.GetTimestamp();
            DaneServerCertificateCheck.Evaluate(target, DaneTlsOptions.Default, leaf, freshChain, SslPolicyErrors.RemoteCertificateChainErrors);
            checkFresh[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server}: warm DNS lookup (A, AAAA, TLSA) median {Stats.Median(dns) * 1000:F1} µs; DANE check on fresh certificate objects median {Stats.Median(checkFresh) * 1000:F1} µs"));

        double[] plain = single[0], custom = single[1], dane = single[2], daneHandshake = single[3];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{server}: where DANE's time goes — DANE handshake on a plainly connected socket / plain with custom root: {Stats.RatioWithInterval(blockWall[3], blockWall[1])} wall, {Stats.RatioWithInterval(blockCpu[3], blockCpu[1])} CPU (medians {Stats.Median(daneHandshake):F3} vs {Stats.Median(custom):F3} ms); full DaneTlsConnector.ConnectAsync / that handshake: {Stats.RatioWithInterval(blockWall[2], blockWall[3])} wall, {Stats.RatioWithInterval(blockCpu[2], blockCpu[3])} CPU"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {server} | {plain.Length} | {Stats.Median(plain):F3} ms | {Stats.Median(custom):F3} ms | {Stats.Median(dane):F3} ms | {Stats.Median(dane) / Stats.Median(plain):F3} | {Stats.RatioWithInterval(blockWall[2], blockWall[0])} | {Stats.RatioWithInterval(blockWall[2], blockWall[1])} | {plain.Min():F3} ms | {dane.Min():F3} ms | {Stats.Median(blockCpu[0]):F3} / {Stats.Median(blockCpu[1]):F3} / {Stats.Median(blockCpu[2]):F3} ms | {Stats.RatioWithInterval(blockCpu[2], blockCpu[0])} | {Stats.RatioWithInterval(blockCpu[2], blockCpu[1])} |");
    }

    /// <summary>Rounds of one block per side, the order rotating every round: single wall times, and per round each side's
    /// mean wall time and process CPU time per handshake.</summary>
    private static async Task<(double[][] Single, double[][] BlockWall, double[][] BlockCpu)> MeasureAsync(Func<Task<int>>[] sides, int rounds, int block)
    {
        int count = sides.Length;
        var single = new double[count][];
        var blockWall = new double[count][];
        var blockCpu = new double[count][];
        for (int s = 0; s < count; s++)
        {
            single[s] = new double[rounds * block];
            blockWall[s] = new double[rounds];
            blockCpu[s] = new double[rounds];
        }

        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < count; k++)
            {
                // Rotate which side goes first so none always follows another.
                int s = (r + k) % count;
                TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
                long blockStart = Stopwatch.GetTimestamp();
                for (int i = 0; i < block; i++)
                {
                    single[s][(r * block) + i] = await TimeAsync(sides[s]).ConfigureAwait(false);
                }

                blockWall[s][r] = Stopwatch.GetElapsedTime(blockStart).TotalMilliseconds / block;
                blockCpu[s][r] = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds / block;
            }
        }

        return (single, blockWall, blockCpu);
    }

    private static async Task<double> TimeAsync(Func<Task<int>> connect)
    {
        long start = Stopwatch.GetTimestamp();
        await connect().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
