using System.Security.Cryptography.X509Certificates;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Puts the benchmark's private CA into the runtime's default ("system") trust without touching the machine: on Linux
/// the runtime trusts the user's <c>Root</c> store (<c>$HOME/.dotnet/corefx/cryptography/x509stores/root</c>) next to
/// OpenSSL's, and it reads <c>HOME</c> through the managed environment, so this process points <c>HOME</c> at a temporary
/// directory (removed at exit) before the first store use and adds the CA there. A plain client then validates exactly
/// as a real one does with its default options: system trust, no callback.
/// </summary>
internal static class PrivateSystemTrust
{
    private static readonly Lock Gate = new();
    private static string? s_home;

    /// <summary>Trusts <paramref name="root"/> through the default chain policy; waits until a chain build sees it.</summary>
    public static void Add(X509Certificate2 root, X509Certificate2 leaf, X509Certificate2[] intermediates)
    {
        lock (Gate)
        {
            if (s_home is null)
            {
                s_home = Directory.CreateTempSubdirectory("dane-bench-home-").FullName;
                Environment.SetEnvironmentVariable("HOME", s_home);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(s_home, recursive: true);
            }
        }

        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(root.RawData);
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Add(publicOnly);
        }

        // The runtime caches the trusted certificates and re-reads them when the store changes; wait for that.
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
            if (chain.Build(leaf))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The private CA {root.Subject} is not trusted after 30 s: {string.Join(", ", chain.ChainStatus.Select(s => s.Status))}");
            }

            Thread.Sleep(250);
        }
    }
}
