using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Adversarial.Tests.Support;

/// <summary>
/// Collects one <see cref="AttackRow"/> per attack for the whole run; <see cref="AttackReportFixture"/> prints the table
/// when the run ends.
/// </summary>
internal static class AttackLedger
{
    private static readonly ConcurrentQueue<AttackRow> Rows = new();

    public static void Add(AttackRow row) => Rows.Enqueue(row);

    public static IReadOnlyList<AttackRow> Snapshot() => [.. Rows.OrderBy(r => r.Attack, StringComparer.Ordinal)];

    /// <summary>The table in Markdown, the form docs/security.md records.</summary>
    public static string FormatTable(IReadOnlyList<AttackRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Adversarial suite, {AdversarialMode.Name} mode, seed {AdversarialMode.Seed}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores\n\n");
        sb.Append("| attack | test | attempts | refused | accepted wrongly | max CPU ms | max memory | refusal |\n");
        sb.Append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (AttackRow r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Attack} | {r.Covers} | {r.Attempts} | {r.Refused} | {r.AcceptedWrongly} | {r.MaxCpuMilliseconds:0.#} | {FormatBytes(r.MaxAllocatedBytes)} | {r.Reason.Replace('|', '/')} |\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n{rows.Count} attacks, {rows.Sum(r => r.Attempts)} attempts, {rows.Sum(r => r.AcceptedWrongly)} accepted wrongly.\n");
        return sb.ToString();
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
