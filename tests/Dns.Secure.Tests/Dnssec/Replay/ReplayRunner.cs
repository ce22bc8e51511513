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
        var upstream = new ReplayUpstream(scenario);
        var validator = new ValidatingResolver(new StubDataSource(new ReplayStubResolver(upstream)), Anchors(scenario.Config), null, clock);
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
                    string want = ExpectedAnswer(expected);
                    string got = Answer(lastQuery!, lastResult!);
                    outcomes.Add(new CheckOutcome(scenario.FileName, step.Number, lastQuery!.Questions[0], want, got, lastResult!.Status, lastResult.Failure));
                    break;
            }
        }

        return outcomes;
    }

    /// <summary>The scenario's trust anchors and negative trust anchors (<c>domain-insecure</c>).</summary>
    internal static TrustAnchorStore Anchors(ReplayConfig config)
    {
        var anchors = new List<TrustAnchor>(TrustAnchorLoader.FromRecords(config.TrustAnchors));

        // An anchor we cannot parse still says "this zone must validate": give it a DS that matches nothing.
        foreach ((string text, _) in config.RejectedTrustAnchors)
        {
            DomainName zone = DomainName.Parse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);
            anchors.Add(new TrustAnchor(zone, ds: [new DsRdata(0, Iana.DnssecAlgorithm.RsaSha256, Iana.DigestType.Sha256, new byte[32])]));
        }

        return TrustAnchorStore.Create(anchors, config.DomainInsecure);
    }

    /// <summary>The rcode/AD pair a CHECK_ANSWER entry expects.</summary>
    internal static string ExpectedAnswer(ReplayEntry expected) => $"{expected.ResponseCode}/{(expected.HasFlag("AD") ? "AD" : "noAD")}";

    /// <summary>What a validating resolver answers: SERVFAIL for Bogus (unless CD), AD for Secure when the query had DO or AD
    /// (RFC 6840 §5.7, §5.8) and not CD: with CD the client asked for unchecked data (RFC 4035 §3.2.2), and Unbound and Knot
    /// answer it without AD.</summary>
    internal static string Answer(DnsMessage query, ValidatedLookup result)
    {
        bool cd = query.CheckingDisabled;
        if ((result.Status == DnssecStatus.Bogus && !cd) || result.Status == DnssecStatus.Indeterminate)
        {
            return $"{ResponseCode.ServFail}/noAD";
        }

        ResponseCode rcode = result.ResponseCode;
        bool ad = result.Status == DnssecStatus.Secure && !cd && ((query.Edns?.DnssecOk ?? false) || query.AuthenticData);
        return $"{rcode}/{(ad ? "AD" : "noAD")}";
    }
}
