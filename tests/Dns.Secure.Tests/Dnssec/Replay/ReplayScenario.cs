using System.Collections.Immutable;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>One parsed <c>.rpl</c> file (Unbound testbound / NLnet Labs Stelline replay format).</summary>
internal sealed record ReplayScenario(
    string FileName,
    string Title,
    ReplayConfig Config,
    ImmutableArray<ReplayRange> Ranges,
    ImmutableArray<ReplayStep> Steps)
{
    /// <summary>Every record in the file (ranges and steps), for counting.</summary>
    public IEnumerable<ResourceRecord> AllRecords =>
        Ranges.SelectMany(r => r.Entries).Concat(Steps.Where(s => s.Entry is not null).Select(s => s.Entry!))
            .SelectMany(e => e.Answer.Concat(e.Authority).Concat(e.Additional));
}

/// <summary>The CONFIG block: what the validator under test is configured with.</summary>
/// <param name="TrustAnchors">The <c>trust-anchor:</c> records (DS or DNSKEY).</param>
/// <param name="ValidationTime">The validation clock (<c>val-override-date</c> / <c>val-override-timestamp</c>), or null.</param>
/// <param name="DomainInsecure">The <c>domain-insecure:</c> names (negative trust anchors).</param>
/// <param name="RejectedTrustAnchors">Trust anchors our presentation parser refuses (text and reason); a validator
/// configured with them has no usable anchor for that zone.</param>
/// <param name="Other">Every other setting, as written.</param>
internal sealed record ReplayConfig(
    ImmutableArray<ResourceRecord> TrustAnchors,
    ImmutableArray<(string Text, string Error)> RejectedTrustAnchors,
    DateTimeOffset? ValidationTime,
    ImmutableArray<DomainName> DomainInsecure,
    ImmutableArray<KeyValuePair<string, string>> Other);

/// <summary>A RANGE: answers the mock upstream gives while the step number is within [First, Last].</summary>
internal sealed record ReplayRange(int First, int Last, ImmutableArray<string> Addresses, ImmutableArray<ReplayEntry> Entries, int Line)
{
    public bool Covers(int step) => step >= First && step <= Last;
}

/// <summary>What a STEP does.</summary>
internal enum ReplayStepKind
{
    Query,
    CheckAnswer,
    TimePasses,
}

/// <summary>A STEP: a query to send, an answer to check, or a clock change.</summary>
internal sealed record ReplayStep(int Number, ReplayStepKind Kind, ReplayEntry? Entry, long ElapseSeconds, int Line);
