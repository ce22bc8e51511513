using System.Collections.Frozen;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// The Deckard checked answers where our iterative mode answers differently from the scenario, each with the answer we
/// give and the RFC reason (the same table is in docs/validator.md). Keyed by file and CHECK_ANSWER step.
/// </summary>
internal static class DeckardDeviations
{
    public sealed record Deviation(string Ours, string Reason);

    public static readonly FrozenDictionary<(string File, int Step), Deviation> Known = new Dictionary<(string, int), Deviation>
    {
    }.ToFrozenDictionary();
}
