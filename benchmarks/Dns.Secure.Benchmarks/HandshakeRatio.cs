using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Tls;
using DaneSockets.Tlsa;

namespace DnsSecure.Benchmarks;

/// <summary>
/// <c>handshake-ratio [pairs]</c>: the <see cref="DaneHandshakeBenchmarks"/> connections measured as interleaved pairs
/// (plain, DANE, plain, DANE …) so that a busy machine's drifting load hits both sides alike; prints medians, minima, the
/// median of the per-pair ratios, and what the DANE side adds: the warm-cache DNS lookup and the certificate check alone.
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

        int pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
        Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("| server | pairs | plain median | DANE median | ratio of medians | median of pair ratios | plain min | DANE min | ratio of minima | warm DNS (median) | DANE check (median) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string server in new[] { "ee", "ta" })
        {
            var bench = new DaneHandshakeBenchmarks { Server = server };
            bench.Setup();
            try
            {
                await RunOneAsync(bench, server, pairs).ConfigureAwait(false);
            }
            finally
            {
                bench.Cleanup();
            }
        }

        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task RunOneAsync(DaneHandshakeBenchmarks bench, string server, int pairs)
    {
        // Warm up until the JIT has finished promoting both paths to optimized code (tiered compilation): at least 100
        // pairs and 3 s, then until a whole second passes without a method being compiled. Otherwise the first part of the
        // measurement runs the DANE side's (not precompiled) code unoptimized while the background JIT competes for the cores.
        long warmStart = Stopwatch.GetTimestamp();
        long quietSince = Stopwatch.GetTimestamp();
        long compiled = JitInfo.GetCompiledMethodCount();
        for (int i = 0; i < 100 || Stopwatch.GetElapsedTime(warmStart) < TimeSpan.FromSeconds(3) || Stopwatch.GetElapsedTime(quietSince) < TimeSpan.FromSeconds(1); i++)
        {
            await bench.Plain().ConfigureAwait(false);
            await bench.Dane().ConfigureAwait(false);
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
        long jitBefore = JitInfo.GetCompiledMethodCount();

        var plain = new double[pairs];
        var dane = new double[pairs];
        var ratios = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            // Alternate which side goes first so neither always follows the other.
            if (i % 2 == 0)
            {
                plain[i] = await TimeAsync(bench.Plain).ConfigureAwait(false);
                dane[i] = await TimeAsync(bench.Dane).ConfigureAwait(false);
            }
            else
            {
                dane[i] = await TimeAsync(bench.Dane).ConfigureAwait(false);
                plain[i] = await TimeAsync(bench.Plain).ConfigureAwait(false);
            }

            ratios[i] = dane[i] / plain[i];
        }

        long jitDuring = JitInfo.GetCompiledMethodCount() - jitBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {warmSeconds:F1} s; methods compiled during the measured pairs: {jitDuring}"));

        var handshakeOnly = new double[pairs];
        var plainAgain = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            plainAgain[i] = await TimeAsync(bench.Plain).ConfigureAwait(false);
            handshakeOnly[i] = await TimeAsync(bench.DaneHandshakeOnly).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"handshake only: plain {Median(plainAgain):F3} ms, DANE handshake on a plain socket {Median(handshakeOnly):F3} ms"));

        // The parts the DANE side adds, alone.
        DaneTargetResolver targets = bench.Connector.Targets;
        var dns = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await targets.ResolveAsync(bench.Host, bench.Port).ConfigureAwait(false);
            dns[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        DaneTarget target = await targets.ResolveAsync(bench.Host, bench.Port).ConfigureAwait(false);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(bench.Intermediates);
        chain.Build(bench.LeafCertificate);
        var check = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            DaneServerCertificateCheck.Evaluate(target, DaneTlsOptions.Default, bench.LeafCertificate, chain, SslPolicyErrors.RemoteCertificateChainErrors);
            check[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        // The same check on fresh certificate objects, as each handshake hands over (no per-instance caches).
        var checkFresh = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(bench.LeafCertificate.RawData);
            using var freshChain = new X509Chain();
            freshChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            foreach (X509Certificate2 intermediate in bench.Intermediates)
            {
                freshChain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(intermediate.RawData));
            }

            freshChain.Build(leaf);
            long start = Stopwatch.GetTimestamp();
            DaneServerCertificateCheck.Evaluate(target, DaneTlsOptions.Default, leaf, freshChain, SslPolicyErrors.RemoteCertificateChainErrors);
            checkFresh[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DANE check on fresh certificate objects: median {Median(checkFresh):F3} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {server} | {pairs} | {Median(plain):F3} ms | {Median(dane):F3} ms | {Median(dane) / Median(plain):F3} | {Median(ratios):F3} | {plain.Min():F3} ms | {dane.Min():F3} ms | {dane.Min() / plain.Min():F3} | {Median(dns):F3} ms | {Median(check):F3} ms |"));
    }

    private static async Task<double> TimeAsync(Func<Task<int>> connect)
    {
        long start = Stopwatch.GetTimestamp();
        await connect().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
