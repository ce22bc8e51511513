using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using DnsSecure.Recursion;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// Runs a Deckard scenario through our iterative mode: <see cref="IterativeDataSource"/> starts from the scenario's
/// <c>stub-addr</c> root hints (or its <c>forward-addr</c>) and sends every query through a <see cref="ReplayNetwork"/>,
/// which answers from the RANGE of the server the iterator chose; <see cref="ValidatingResolver"/> validates with the
/// scenario's trust anchors, negative anchors and clock. Each CHECK_ANSWER is compared on rcode and AD with the answer a
/// validating resolver gives (SERVFAIL for Bogus, AD for Secure). One resolver lives through the whole scenario, so
/// later steps see what earlier steps cached, as in Deckard.
/// </summary>
internal static class DeckardRunner
{
    /// <summary>The result of one scenario: every checked answer, and how many queries the network saw.</summary>
    public sealed record ScenarioRun(ImmutableArray<ReplayRunner.CheckOutcome> Checks, int NetworkQueries, IReadOnlyList<(int Step, IPAddress Server, DnsQuestion Question, bool Answered)> Log);

    public static async Task<ScenarioRun> RunAsync(ReplayScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var clock = new ManualTimeProvider(scenario.Config.ValidationTime ?? DateTimeOffset.UtcNow);
        var network = new ReplayNetwork(scenario);
        var options = new IterativeResolverOptions();
        if (QnameMinimisation(scenario.Config) is bool minimise)
        {
            options.QnameMinimisation = minimise;
        }

        var source = new IterativeDataSource(Hints(scenario.Config), network, options, clock);
        var validator = new ValidatingResolver(source, ReplayRunner.Anchors(scenario.Config), null, clock);
        var checks = ImmutableArray.CreateBuilder<ReplayRunner.CheckOutcome>();
        DnsMessage? lastQuery = null;
        ValidatedLookup? lastResult = null;
        foreach (ReplayStep step in scenario.Steps)
        {
            network.CurrentStep = step.Number;
            switch (step.Kind)
            {
                case ReplayStepKind.TimePasses:
                    clock.Advance(TimeSpan.FromSeconds(step.ElapseSeconds));
                    break;
                case ReplayStepKind.Query:
                    lastQuery = step.Entry!.ToQuery(1);
                    lastResult = await validator.ResolveAsync(step.Entry.Question[0].Name, step.Entry.Question[0].Type);
                    break;
                case ReplayStepKind.CheckAnswer:
                    checks.Add(new ReplayRunner.CheckOutcome(scenario.FileName, step.Number, lastQuery!.Questions[0],
                        ReplayRunner.ExpectedAnswer(step.Entry!), ReplayRunner.Answer(lastQuery, lastResult!), lastResult!.Status, lastResult.Failure));
                    break;
            }
        }

        return new ScenarioRun(checks.ToImmutable(), network.QueryCount, network.Log);
    }

    /// <summary>The root servers: every <c>stub-addr</c> (a stub zone for "."), else every <c>forward-addr</c>, else the
    /// built-in IANA root hints (as the resolver under test would use; the scenario then serves those addresses).</summary>
    internal static RootHints Hints(ReplayConfig config)
    {
        var addresses = Setting(config, "stub-addr").ToList();
        if (addresses.Count == 0)
        {
            addresses = [.. Setting(config, "forward-addr")];
        }

        return addresses.Count == 0 ? RootHints.Iana
            : RootHints.FromEndPoints(addresses.Select(a => new IPEndPoint(IPAddress.Parse(a.Split('@')[0]), 53)));
    }

    /// <summary><c>query-minimization</c> (Deckard's spelling): on/yes or off/no; null when the scenario does not say.</summary>
    internal static bool? QnameMinimisation(ReplayConfig config) =>
        Setting(config, "query-minimization").Select(v => v.ToLower(CultureInfo.InvariantCulture) is "on" or "yes").Cast<bool?>().LastOrDefault();

    private static IEnumerable<string> Setting(ReplayConfig config, string key) =>
        config.Other.Where(kv => kv.Key == key).Select(kv => kv.Value.Split(' ', '\t')[0]);
}
