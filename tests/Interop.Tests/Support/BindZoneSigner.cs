namespace DnsSecure.Interop.Tests.Support;

/// <summary>Signs zone files with BIND's dnssec-keygen and dnssec-signzone (Debian package bind9-utils).</summary>
public static class BindZoneSigner
{
    /// <summary>A signed zone: its file, the DS set for the parent and the KSK DNSKEY record (and its key tag).</summary>
    public sealed record SignedZone(string Origin, string SignedFile, IReadOnlyList<string> DsRecords, string KskDnskey)
    {
        /// <summary>The key tag of the (first) KSK.</summary>
        public int KskTag { get; init; }

        /// <summary>The key files' directory (K*.key, K*.private).</summary>
        public string KeyDirectory { get; init; } = "";
    }

    /// <summary>One key for <see cref="SignWithKeysAsync"/>: BIND algorithm name, KSK (SEP) flag, REVOKE flag.</summary>
    public sealed record KeySpec(string Algorithm, bool Ksk, bool Revoke = false);

    /// <summary>
    /// Generates a KSK and a ZSK for <paramref name="origin"/> with <paramref name="algorithm"/> (BIND name, e.g. ECDSAP256SHA256),
    /// signs <paramref name="zoneText"/> and returns the result. Extra dnssec-signzone arguments (e.g. NSEC3 "-3 salt") may be given.
    /// </summary>
    public static Task<SignedZone> SignAsync(TempDirectory dir, string origin, string zoneText, string algorithm = "ECDSAP256SHA256", params string[] signArguments) =>
        SignWithKeysAsync(dir, origin, zoneText, [new KeySpec(algorithm, Ksk: true), new KeySpec(algorithm, Ksk: false)], signArguments);

    /// <summary>
    /// Generates the <paramref name="keys"/> for <paramref name="origin"/> (in order; the DS set and <see cref="SignedZone.KskDnskey"/>
    /// are those of the first KSK's), signs <paramref name="zoneText"/> with all of them (dnssec-signzone -S) and returns the result.
    /// </summary>
    public static async Task<SignedZone> SignWithKeysAsync(TempDirectory dir, string origin, string zoneText, IReadOnlyList<KeySpec> keys, params string[] signArguments)
    {
        string keygen = RequiredTool.Find("dnssec-keygen", "bind9-utils");
        string signzone = RequiredTool.Find("dnssec-signzone", "bind9-utils");
        string zoneDir = Path.Combine(dir.Path, origin == "." ? "root" : origin.TrimEnd('.'));
        Directory.CreateDirectory(zoneDir);
        string? kskBase = null;
        foreach (KeySpec key in keys)
        {
            string[] size = key.Algorithm.StartsWith("RSA", StringComparison.Ordinal) ? ["-b", "2048"] : [];
            string[] flags = [.. key.Ksk ? new[] { "-f", "KSK" } : [], .. key.Revoke ? new[] { "-f", "REVOKE" } : []];
            (int keyRc, string keyOutput) = await ExternalProcess.RunAsync(keygen, [.. size, "-a", key.Algorithm, .. flags, "-n", "ZONE", "-K", zoneDir, origin], TimeSpan.FromMinutes(1), zoneDir);
            Check(keyRc, keyOutput, "dnssec-keygen");
            if (key.Ksk && kskBase is null)
            {
                // The key's base name is its own line ("K<zone>+<alg>+<tag>"); warnings (deprecated algorithms) come on
                // stderr, merged into the output in whatever order the two pipes were read.
                kskBase = keyOutput.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith('K') && l.Count(c => c == '+') == 2 && !l.Contains(' ', StringComparison.Ordinal));
            }
        }

        if (kskBase is null)
        {
            throw new ArgumentException("at least one KSK is needed", nameof(keys));
        }

        string zoneFile = Path.Combine(zoneDir, "zone.db");
        await File.WriteAllTextAsync(zoneFile, zoneText);
        (int rc, string output) = await ExternalProcess.RunAsync(signzone,
            ["-S", "-K", zoneDir, "-d", zoneDir, "-o", origin, "-f", zoneFile + ".signed", .. signArguments, zoneFile], TimeSpan.FromMinutes(2), zoneDir);
        Check(rc, output, "dnssec-signzone");
        string kskFile = Path.Combine(zoneDir, kskBase + ".key");
        string ksk = File.ReadAllLines(kskFile).First(l => l.Contains("DNSKEY", StringComparison.Ordinal));
        var ds = await DsAsync(kskFile, "SHA-256");
        int tag = int.Parse(kskBase[(kskBase.LastIndexOf('+') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new SignedZone(origin, zoneFile + ".signed", ds, ksk) { KskTag = tag, KeyDirectory = zoneDir };
    }

    /// <summary>DS records (dnssec-dsfromkey) with <paramref name="digest"/> (SHA-1, SHA-256, SHA-384) for the key file, or for
    /// every key (<paramref name="allKeys"/>, ZSKs too) of the signed zone file <paramref name="keyOrZoneFile"/> of <paramref name="origin"/>.</summary>
    public static async Task<IReadOnlyList<string>> DsAsync(string keyOrZoneFile, string digest, string? origin = null, bool allKeys = false)
    {
        string dsfromkey = RequiredTool.Find("dnssec-dsfromkey", "bind9-utils");
        string[] arguments = origin is null ? ["-a", digest, keyOrZoneFile] : ["-a", digest, .. allKeys ? new[] { "-A" } : [], "-f", keyOrZoneFile, origin];
        (int rc, string output) = await ExternalProcess.RunAsync(dsfromkey, arguments, TimeSpan.FromMinutes(1));
        Check(rc, output, "dnssec-dsfromkey");
        return output.Split('\n').Where(l => l.Contains(" IN DS ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
    }

    private static void Check(int rc, string output, string what)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{what} failed ({rc}):\n{output}");
        }
    }
}
