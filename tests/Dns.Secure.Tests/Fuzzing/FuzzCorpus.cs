using System.Globalization;
using System.Text;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// The seed inputs of the fuzzers: real DNS messages captured from NSD serving zones signed by dnssec-signzone,
/// and the signed zone files themselves (tests/TestData/captures, README.md there says how they were made).
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>Default number of mutated inputs per fuzz test; <c>DNS_FUZZ_ITERATIONS</c> overrides it.</summary>
    public const int DefaultIterations = 100_000;

    /// <summary>The fixed seed of the mutators, so every run tries the same inputs; <c>DNS_FUZZ_SEED</c> overrides it.</summary>
    public const int DefaultSeed = 20261130;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "captures");

    /// <summary>Iterations for this run (the environment variable raises it for a long run).</summary>
    public static int Iterations => ReadEnvironment("DNS_FUZZ_ITERATIONS", DefaultIterations);

    /// <summary>Seed for this run.</summary>
    public static int Seed => ReadEnvironment("DNS_FUZZ_SEED", DefaultSeed);

    /// <summary>Every captured message, by file name without extension, in name order.</summary>
    public static IReadOnlyList<(string Name, byte[] Wire)> Messages()
    {
        string[] files = System.IO.Directory.GetFiles(Directory, "*.bin");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f))).ToArray();
    }

    /// <summary>One captured message.</summary>
    public static byte[] Message(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".bin"));

    /// <summary>The signed zone files, whole.</summary>
    public static IReadOnlyList<(string Origin, string Text)> SignedZones()
    {
        string[] files = System.IO.Directory.GetFiles(Directory, "*.signed");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToArray();
    }

    /// <summary>
    /// Seeds for the zone-file fuzzer: the signed zones cut into small pieces at owner lines (each with
    /// <c>$ORIGIN</c> and <c>$TTL</c> in front, so a piece reads on its own), plus every record of the captured
    /// messages written in the RFC 3597 generic form, which reads for every type whether or not it is modelled.
    /// </summary>
    public static IReadOnlyList<string> ZoneTextSeeds(int linesPerPiece = 24)
    {
        var seeds = new List<string>();
        foreach ((string origin, string text) in SignedZones())
        {
            string header = $"$ORIGIN {origin}.\n$TTL 3600\n";
            string[] lines = text.Split('\n');
            var piece = new StringBuilder(header);
            int count = 0;
            foreach (string line in lines)
            {
                bool ownerLine = line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != ';';
                if (ownerLine && count >= linesPerPiece)
                {
                    seeds.Add(piece.ToString());
                    piece.Clear().Append(header);
                    count = 0;
                }

                piece.Append(line).Append('\n');
                count++;
            }

            seeds.Add(piece.ToString());
        }

        foreach ((string name, byte[] wire) in Messages())
        {
            if (!DnsMessage.TryDecode(wire, out DnsMessage? message))
            {
                continue;
            }

            var sb = new StringBuilder("; generic form of ").Append(name).Append('\n');
            foreach (ResourceRecord rr in message.AllRecords)
            {
                sb.Append(rr.Name).Append(' ').Append(rr.Ttl.ToString(CultureInfo.InvariantCulture)).Append(" CLASS")
                  .Append(((ushort)rr.Class).ToString(CultureInfo.InvariantCulture)).Append(" TYPE")
                  .Append(((ushort)rr.Type).ToString(CultureInfo.InvariantCulture)).Append(' ')
                  .Append(rr.Data.ToGenericText()).Append('\n');
            }

            seeds.Add(sb.ToString());
        }

        return seeds;
    }

    private static int ReadEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
}
