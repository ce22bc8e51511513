using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Tls;
using DaneSockets.Tlsa;

namespace DnsSecure.Benchmarks;

/// <summary>
/// <c>handshake-ratio variants [rounds] [block]</c>: one TLS client option or callback changed at a time, on a fresh
/// loopback TCP connection each (no DNS, no Happy Eyeballs), measured in interleaved blocks (the order rotates every round)
/// with the process CPU time per handshake (client and in-process server together) as well as the wall time. Each
/// variant's per-round ratio to the first variant gives a mean with a 95 % confidence interval.
/// </summary>
internal static class HandshakeVariants
{
    public static async Task RunAsync(DaneHandshakeBenchmarks bench, string server, int rounds, int block)
    {
        DaneTarget target = await bench.Connector.Targets.ResolveAsync(bench.Host, bench.Port).ConfigureAwait(false);
        X509Certificate2 anchor = bench.TrustedRoot;
        string leafHash = bench.LeafCertificate.GetCertHashString();
        var variants = new (string Name, Func<SslStream, Stream, Task> Handshake)[]
        {
            ("plain, pinned-leaf callback (old baseline)", (ssl, _) => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = bench.Host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == leafHash,
            })),
            ("plain PKIX, private CA as custom root, no callback", (ssl, _) => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = bench.Host,
                CertificateChainPolicy = PkixPolicy(anchor),
            })),
            ("plain PKIX, private CA in the system trust, no callback (new baseline)", (ssl, _) => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = bench.Host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            })),
            ("plain, pinned callback that also reads ChainElements", (ssl, _) => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = bench.Host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, c, chain, _) =>
                {
                    int n = 0;
                    foreach (X509ChainElement element in chain!.ChainElements)
                    {
                        n += element.Certificate.RawDataMemory.Length;
                    }

                    return n > 0 && c is not null && c.GetCertHashString() == leafHash;
                },
            })),
            ("DANE: DaneTlsConnector.HandshakeAsync", (_, network) => DaneHandshake(network, target, null)),
            ("DANE: HandshakeAsync with a cancellable token (15 s timeout source, as ConnectAsync)", async (_, network) =>
            {
                using var timeout = new CancellationTokenSource();
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                await using DaneConnection connection = await DaneTlsConnector.HandshakeAsync(network, target, DaneTlsOptions.Default, timeout.Token).ConfigureAwait(false);
                Check(connection.Stream.ReadByte());
            }),
            ("DANE callback + policy: no downloads, no revocation", (_, network) => DaneHandshake(network, target, new X509ChainPolicy
            {
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
            })),
            ("DANE callback + policy: empty custom root store, no downloads", (_, network) => DaneHandshake(network, target, DaneOnlyPolicy())),
        };

        MeasureChainBuild(bench, server, 50);
        MeasureChainBuild(bench, server, 1000);
        var handshakes = new (string Name, Func<Task> Run)[variants.Length];
        for (int v = 0; v < variants.Length; v++)
        {
            Func<SslStream, Stream, Task> handshake = variants[v].Handshake;
            handshakes[v] = (variants[v].Name, () => HandshakeOnce(bench, handshake));
        }

        await MeasureTableAsync(server, "variant", handshakes, rounds, block).ConfigureAwait(false);

        // The DANE side's connect path, step by step (all with the DANE handshake).
        var options = DaneTlsOptions.Default;
        IPAddress[] loopback = [IPAddress.Loopback];
        var connectPath = new (string Name, Func<Task> Run)[]
        {
            ("TcpClient connect + HandshakeAsync", () => HandshakeOnce(bench, (_, network) => DaneHandshake(network, target, null))),
            ("HappyEyeballsConnector (1 address) + HandshakeAsync", async () =>
            {
                Socket socket = await HappyEyeballsConnector.ConnectAsync(loopback, bench.Port, options.HappyEyeballs, CancellationToken.None).ConfigureAwait(false);
                await DaneHandshake(new NetworkStream(socket, ownsSocket: true), target, null).ConfigureAwait(false);
            }),
            ("+ the 15 s timeout source on connect and handshake", async () =>
            {
                using var timeout = new CancellationTokenSource();
                timeout.CancelAfter(options.ConnectTimeout);
                Socket socket = await HappyEyeballsConnector.ConnectAsync(loopback, bench.Port, options.HappyEyeballs, timeout.Token, options.ConnectTimeout).ConfigureAwait(false);
                await using DaneConnection connection = await DaneTlsConnector.HandshakeAsync(new NetworkStream(socket, ownsSocket: true), target, options, timeout.Token).ConfigureAwait(false);
                Check(connection.Stream.ReadByte());
            }),
            ("DaneTlsConnector.ConnectAsync (+ warm DNS lookups)", async () =>
            {
                await using DaneConnection connection = await bench.Connector.ConnectAsync(bench.Host, bench.Port).ConfigureAwait(false);
                Check(connection.Stream.ReadByte());
            }),
        };
        await MeasureTableAsync(server, "DANE connect path", connectPath, rounds, block).ConfigureAwait(false);
    }

    private static async Task MeasureTableAsync(string server, string what, (string Name, Func<Task> Run)[] variants, int rounds, int block)
    {
        int count = variants.Length;
        for (int w = 0; w < 100; w++)
        {
            foreach (var variant in variants)
            {
                await variant.Run().ConfigureAwait(false);
            }
        }

        var wall = new double[count][];
        var cpu = new double[count][];
        var allocated = new double[count][];
        var collections = new int[count];
        for (int v = 0; v < count; v++)
        {
            wall[v] = new double[rounds];
            cpu[v] = new double[rounds];
            allocated[v] = new double[rounds];
        }

        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < count; k++)
            {
                int v = (r + k) % count;
                long bytesStart = GC.GetTotalAllocatedBytes(precise: false);
                int gcStart = GC.CollectionCount(0);
                TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < block; i++)
                {
                    await variants[v].Run().ConfigureAwait(false);
                }

                wall[v][r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / block;
                cpu[v][r] = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds / block;
                allocated[v][r] = (GC.GetTotalAllocatedBytes(precise: false) - bytesStart) / 1024.0 / block;
                collections[v] += GC.CollectionCount(0) - gcStart;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}, server {server}: {rounds} rounds × {block} handshakes per variant; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine($"| server | {what} | wall per handshake (median of blocks) | wall ratio, mean ± 95 % CI | CPU per handshake (median of blocks) | CPU ratio, mean ± 95 % CI | allocated per handshake, client + server (median of blocks) | gen-0 collections |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int v = 0; v < count; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {server} | {variants[v].Name} | {Stats.Median(wall[v]):F3} ms | {Stats.RatioWithInterval(wall[v], wall[0])} | {Stats.Median(cpu[v]):F3} ms | {Stats.RatioWithInterval(cpu[v], cpu[0])} | {Stats.Median(allocated[v]):F1} KiB | {collections[v]} |"));
        }
    }

    /// <summary>The runtime's chain build alone (what SslStream does once per handshake), system trust against no trust store.</summary>
    public static void MeasureChainBuild(DaneHandshakeBenchmarks bench, string server, int count)
    {
        var policies = new (string Name, Func<X509ChainPolicy> Policy)[]
        {
            ("system trust (SslStream's default)", () => new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck }),
            ("custom root trust, private CA", () => PkixPolicy(bench.TrustedRoot)),
            ("custom root trust, empty store, no downloads (DaneChainPolicy)", DaneOnlyPolicy),
        };
        Console.WriteLine("| server | X509Chain.Build(leaf + sent chain), fresh objects as in a handshake | wall per build | CPU per build | chain OK |");
        Console.WriteLine("| --- | --- | ---: | ---: | --- |");
        foreach (var (name, policy) in policies)
        {
            bool ok = false;
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(bench.LeafCertificate.RawData);
                using var chain = new X509Chain { ChainPolicy = policy() };
                foreach (X509Certificate2 intermediate in bench.Intermediates)
                {
                    chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(intermediate.RawData));
                }

                ok = chain.Build(leaf);
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    element.Certificate.Dispose();
                }
            }

            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds / count;
            double cpu = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {server} | {name} | {wall:F3} ms | {cpu:F3} ms | {ok} |"));
        }
    }

    /// <summary>What <c>DaneChainPolicy.Create</c> returns, written out so that this file also builds against the library
    /// before that type existed (benchmarks/run-handshake-ratio.sh's "before" tree).</summary>
    internal static X509ChainPolicy DaneOnlyPolicy() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
    };

    private static X509ChainPolicy PkixPolicy(X509Certificate2 anchor)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(anchor);
        return policy;
    }

    private static async Task DaneHandshake(Stream network, DaneTarget target, X509ChainPolicy? policy)
    {
        if (policy is null)
        {
            // The library's own path.
            await using DaneConnection connection = await DaneTlsConnector.HandshakeAsync(network, target, DaneTlsOptions.Default, CancellationToken.None).ConfigureAwait(false);
            Check(connection.Stream.ReadByte());
            return;
        }

        await using var ssl = new SslStream(network, false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = target.TlsaBaseDomain.ToString().TrimEnd('.'),
            CertificateChainPolicy = policy,
            RemoteCertificateValidationCallback = (_, c, chain, errors) =>
                DaneServerCertificateCheck.Evaluate(target, DaneTlsOptions.Default, c as X509Certificate2, chain, errors).IsAccepted,
        }).ConfigureAwait(false);
        Check(ssl.ReadByte());
    }

    private static async Task HandshakeOnce(DaneHandshakeBenchmarks bench, Func<SslStream, Stream, Task> handshake)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, bench.Port).ConfigureAwait(false);
        NetworkStream network = tcp.GetStream();
        await using var ssl = new SslStream(network, true);
        await handshake(ssl, network).ConfigureAwait(false);
        if (ssl.IsAuthenticated)
        {
            Check(ssl.ReadByte());
        }
    }

    private static void Check(int value)
    {
        if (value < 0)
        {
            throw new InvalidOperationException("The server closed without its byte.");
        }
    }
}
