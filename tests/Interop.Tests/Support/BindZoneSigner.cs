namespace DnsSecure.Interop.Tests.Support;

/// <summary>Signs zone files with BIND's dnssec-keygen and dnssec-signzone (Debian package bind9-utils).</summary>
public static class BindZoneSigner
{
    /// <summary>A signed zone: its file, the DS set for the parent and the KSK DNSKEY record.</summary>
    public sealed record SignedZone(string Origin, string SignedFile, IReadOnlyList<string> DsRecords, string KskDnskey);

    /// <summary>
    /// Generates a KSK and a ZSK for <paramref name="origin"/> with <paramref name="algorithm"/> (BIND name, e.g. ECDSAP256SHA256),
    /// signs <paramref name="zoneText"/> and returns the result. Extra dnssec-signzone arguments (e.g. NSEC3 "-3 salt") may be given.
    /// </summary>
    public static async Task<SignedZone> SignAsync(TempDirectory dir, string origin, string zoneText, string algorithm = "ECDSAP256SHA256", params string[] signArguments)
    {
        string keygen = RequiredTool.Find("dnssec-keygen", "bind9-utils");
        string signzone = RequiredTool.Find("dnssec-signzone", "bind9-utils");
        string zoneDir = Path.Combine(dir.Path, origin == "." ? "root" : origin.TrimEnd('.'));
        Directory.CreateDirectory(zoneDir);
        string[] size = algorithm.StartsWith("RSA", StringComparison.Ordinal) ? ["-b", "2048"] : [];
        (int rc, string output) = await ExternalProcess.RunAsync(keygen, [.. size, "-a", algorithm, "-f", "KSK", "-n", "ZONE", "-K", zoneDir, origin], TimeSpan.FromMinutes(1), zoneDir);
        Check(rc, output, "dnssec-keygen KSK");
        string kskBase = output.Trim().Split('\n')[^1].Trim();
        (rc, output) = await ExternalProcess.RunAsync(keygen, [.. size, "-a", algorithm, "-n", "ZONE", "-K", zoneDir, origin], TimeSpan.FromMinutes(1), zoneDir);
        Check(rc, output, "dnssec-keygen ZSK");
        string zoneFile = Path.Combine(zoneDir, "zone.db");
        await File.WriteAllTextAsync(zoneFile, zoneText);
        (rc, output) = await ExternalProcess.RunAsync(signzone,
            ["-S", "-K", zoneDir, "-d", zoneDir, "-o", origin, "-f", zoneFile + ".signed", .. signArguments, zoneFile], TimeSpan.FromMinutes(2), zoneDir);
        Check(rc, output, "dnssec-signzone");
        string dsFile = Path.Combine(zoneDir, "dsset-" + (origin == "." ? "." : origin));
        var ds = File.ReadAllLines(dsFile).Where(l => l.Contains(" DS ", StringComparison.Ordinal)).ToList();
        string ksk = File.ReadAllLines(Path.Combine(zoneDir, kskBase + ".key")).First(l => l.Contains("DNSKEY", StringComparison.Ordinal));
        return new SignedZone(origin, zoneFile + ".signed", ds, ksk);
    }

    private static void Check(int rc, string output, string what)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{what} failed ({rc}):\n{output}");
        }
    }
}
