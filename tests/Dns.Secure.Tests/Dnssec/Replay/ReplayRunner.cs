using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// Runs a scenario against <see cref="ValidatingResolver"/> in stub mode: each STEP QUERY is validated and the answer a validating resolver
/// would give (SERVFAIL for Bogus, AD for Secure) is compared with the next CHECK_ANSWER on rcode and AD, as the suite's
/// README describes for a stub validator.
/// </summary>
internal static class ReplayRunner
{
    public sealed record CheckOutcome(string File, int Step, DnsQuestion Question, string Expected, string Actual, DnssecStatus Status, ValidationFailure? Failure)
    {
        public bool Agrees => Expected == Actual;

        public override string ToString() => $"{File} step {Step} {Question}: expected {Expected}, got {Actual} ({Status}{(Failure is null ? "" : ": " + Failure)})";
    }

    public static async Task<List<CheckOutcome>> RunAsync(ReplayScenario scenario)
    {
        var outcomes = new List<CheckOutcome>();
        var clock = new ManualTimeProvider(scenario.Config.ValidationTime ?? DateTimeOffset.UtcNow);
        var anchors = new List<TrustAnchor>(TrustAnchorLoader.FromRecords(scenario.Config.TrustAnchors));

        // An anchor we cannot parse still says "this zone must validate": give it a DS that matches nothing.
        foreach ((string text, _) in scenario.Config.RejectedTrustAnchors)
        {
            DomainName zone = DomainName.Parse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);
            anchors.Add(new TrustAnchor(zone, ds: [new DsRdata(0, Iana.DnssecAlgorithm.RsaSha256, Iana.DigestType.Sha256, new byte[32])]));
        }

        var upstream = new ReplayUpstream(scenario);
        var validator = new ValidatingResolver(new StubDataSource(new ReplayStubResolver(upstream)), TrustAnchorStore.Create(anchors, scenario.Config.DomainInsecure), null, clock);
        DnsMessage? lastQuery = null;
        ValidatedLookup? lastResult = null;
        foreach (ReplayStep step in scenario.Steps)
        {
            upstream.CurrentStep = step.Number;
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
                    ReplayEntry expected = step.Entry!;
                    string want = $"{expected.ResponseCode}/{(expected.HasFlag("AD") ? "AD" : "noAD")}";
                    string got = Answer(lastQuery!, lastResult!);
                    outcomes.Add(new CheckOutcome(scenario.FileName, step.Number, lastQuery!.Questions[0], want, got, lastResult!.Status, lastResult.Failure));
                    break;
            }
        }

        return outcomes;
    }

    /// <summary>What a validating resolver answers: SERVFAIL for Bogus (unless CD), AD for Secure when the query had DO or AD (RFC 6840 §5.7, §5.8).</summary>
    private static string Answer(DnsMessage query, ValidatedLookup result)
    {
        bool cd = query.CheckingDisabled;
        if ((result.Status == DnssecStatus.Bogus && !cd) || result.Status == DnssecStatus.Indeterminate)
        {
            return $"{ResponseCode.ServFail}/noAD";
        }

        ResponseCode rcode = result.ResponseCode;
        bool ad = result.Status == DnssecStatus.Secure && ((query.Edns?.DnssecOk ?? false) || query.AuthenticData);
        return $"{rcode}/{(ad ? "AD" : "noAD")}";
    }
}
