namespace Adversarial.Tests.Support;

/// <summary>
/// Shared by every attack class (one collection, so attacks run one at a time and each one's CPU and allocation
/// figures are its own). When the run ends it prints the table to the console and writes it to
/// <c>TestResults/adversarial-report.md</c> next to the test assembly's project (or <c>DANE_ADVERSARIAL_REPORT</c>).
/// </summary>
public sealed class AttackReportFixture : IDisposable
{
    public void Dispose()
    {
        IReadOnlyList<AttackRow> rows = AttackLedger.Snapshot();
        if (rows.Count == 0)
        {
            return;
        }

        string table = AttackLedger.FormatTable(rows);
        Console.WriteLine(table);
        string path = Environment.GetEnvironmentVariable("DANE_ADVERSARIAL_REPORT") ?? Path.Combine(ReportDirectory(), "adversarial-report.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, table);
        Console.WriteLine($"adversarial report written to {path}");
    }

    /// <summary>tests/Adversarial.Tests/TestResults when running from the build output, else the output directory.</summary>
    private static string ReportDirectory()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Adversarial.Tests.csproj")))
            {
                return Path.Combine(d.FullName, "TestResults");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}

/// <summary>The one collection of attack classes (see <see cref="AttackReportFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AttackCollection : ICollectionFixture<AttackReportFixture>
{
    public const string Name = "Attacks";
}
