using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// CZ.NIC Deckard's resolver DNSSEC scenarios (<c>TestData/deckard-resolver</c>, 122 files, 242 checked answers) run
/// through the iterative mode over a <see cref="ReplayNetwork"/>. Each checked answer is one test case: it must be the
/// scenario's rcode/AD, or, for a listed deviation (<see cref="DeckardDeviations"/>, documented in docs/validator.md
/// with its RFC reason), exactly the answer recorded there, so that any change in either direction is seen.
/// </summary>
public class DeckardReplayTests(ITestOutputHelper output)
{
    internal static readonly string SuiteDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "deckard-resolver");

    private static readonly ConcurrentDictionary<string, Lazy<Task<DeckardRunner.ScenarioRun>>> Runs = new(StringComparer.Ordinal);

    public static TheoryData<string, int> Checks()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in Directory.GetFiles(SuiteDirectory, "*.rpl").Order(StringComparer.Ordinal))
        {
            ReplayScenario scenario = ReplayParser.ParseFile(path);
            foreach (ReplayStep step in scenario.Steps.Where(s => s.Kind == ReplayStepKind.CheckAnswer))
            {
                data.Add(scenario.FileName, step.Number);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task Check_Answer_AgreesOrIsAListedDeviation(string file, int step)
    {
        DeckardRunner.ScenarioRun run = await Run(file);
        ReplayRunner.CheckOutcome outcome = Assert.Single(run.Checks, c => c.Step == step);
        output.WriteLine($"{outcome} — {run.NetworkQueries} queries in the scenario");
        if (DeckardDeviations.Known.TryGetValue((file, step), out DeckardDeviations.Deviation? deviation))
        {
            Assert.True(outcome.Expected != deviation.Ours, $"{file} step {step} is listed as a deviation but the scenario expects {deviation.Ours}");
            Assert.True(deviation.Ours == outcome.Actual, $"listed deviation changed: {outcome} (recorded: {deviation.Ours}, {deviation.Reason})");
        }
        else
        {
            Assert.True(outcome.Agrees, outcome + "\nqueries:\n" + string.Join('\n', run.Log.Select(l => $"  step {l.Step} {l.Server} {l.Question}{(l.Answered ? "" : " (no answer)")}")));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_File_MatchesIndex(string file)
    {
        ReplayScenario scenario = ReplayParser.ParseFile(Path.Combine(SuiteDirectory, file));
        var row = ReplayParserTests.ReadIndex(SuiteDirectory).Single(r => r.File == file);

        Assert.Equal(row.Expected, scenario.Steps.Where(s => s.Kind == ReplayStepKind.CheckAnswer).Select(s => IndexText(s.Entry!)));
        Assert.Equal(row.Queries, scenario.Steps.Count(s => s.Kind == ReplayStepKind.Query));
        Assert.Equal(row.Time, scenario.Config.ValidationTime);
        Assert.NotEmpty(DeckardRunner.Hints(scenario.Config).EndPoints);
        Assert.All(scenario.Ranges, r => Assert.NotEmpty(r.Addresses));
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(SuiteDirectory, "*.rpl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Suite_Has122FilesAnd242ChecksListedInIndex()
    {
        var index = ReplayParserTests.ReadIndex(SuiteDirectory).ToDictionary(r => r.File, StringComparer.Ordinal);
        string[] files = Directory.GetFiles(SuiteDirectory, "*.rpl");
        Assert.Equal(122, files.Length);
        int checks = 0;
        foreach (string path in files)
        {
            Assert.True(index.ContainsKey(Path.GetFileName(path)), path);
            checks += index[Path.GetFileName(path)].Expected.Length;
        }

        Assert.Equal(242, checks);
        Assert.Equal(242, Checks().Count);
        Assert.True(File.Exists(Path.Combine(SuiteDirectory, "LICENSE-CZNIC")));
        Assert.True(File.Exists(Path.Combine(SuiteDirectory, "LICENSE-NLnetLabs")));
    }

    [Fact]
    public void Deviations_AreAllCheckedAnswersWithReasons()
    {
        var checks = Checks().Select(row => ((string)row[0], (int)row[1])).ToHashSet();
        Assert.All(DeckardDeviations.Known, kv =>
        {
            Assert.Contains(kv.Key, checks);
            Assert.False(string.IsNullOrWhiteSpace(kv.Value.Reason));
        });
    }

    [Fact]
    public void Deviations_AreElevenAsDocumented()
    {
        // docs/validator.md: 231 of 242 checked answers agree; the 11 others are the listed deviations.
        Assert.Equal(11, DeckardDeviations.Known.Count);
        Assert.Equal(231, Checks().Count - DeckardDeviations.Known.Count);
    }

    private static string IndexText(ReplayEntry e) => (e.ResponseCode switch
    {
        ResponseCode.NoError => "NOERROR",
        ResponseCode.NXDomain => "NXDOMAIN",
        ResponseCode.ServFail => "SERVFAIL",
        _ => e.ResponseCode.ToString().ToUpperInvariant(),
    }) + (e.HasFlag("AD") ? "/AD" : "/noAD");

    private static Task<DeckardRunner.ScenarioRun> Run(string file) =>
        Runs.GetOrAdd(file, f => new Lazy<Task<DeckardRunner.ScenarioRun>>(() => DeckardRunner.RunAsync(ReplayParser.ParseFile(Path.Combine(SuiteDirectory, f))))).Value;
}
