using System.Collections.Immutable;
using DnsSecure.Transport;

namespace DnsSecure.Resolution;

/// <summary>
/// What a lookup produced: a status, the response message with its answer grouped into RRsets, and where and how
/// it was obtained. Failures are values here; only cancellation and caller bugs throw. No DNSSEC judgement is made.
/// </summary>
public sealed record LookupResult
{
    /// <summary>The question asked.</summary>
    public required DnsQuestion Question { get; init; }

    /// <summary>How the lookup ended.</summary>
    public LookupStatus Status { get; init; }

    /// <summary>The response: the answer for <see cref="LookupStatus.Success"/>, the last error response for
    /// <see cref="LookupStatus.ServerFailure"/>, otherwise null.</summary>
    public DnsMessage? Response { get; init; }

    // The answer grouping, made on first use when the resolver set GroupedAnswersOf (a validator never asks for it). The
    // holder is shared by copies (with) and compares by its RRsets, so equality is as for a plain property.
    private readonly AnswerGroups? _answerGroups;

    /// <summary>The answer section grouped by owner, type and class.</summary>
    public ImmutableArray<RRSet> AnswerRrsets
    {
        get => _answerGroups?.RrSets ?? [];
        init => _answerGroups = new AnswerGroups(value);
    }

    /// <summary>Sets <see cref="AnswerRrsets"/> to the grouping of this message's answer section, made on first use.</summary>
    internal DnsMessage? GroupedAnswersOf
    {
        init => _answerGroups = value is null ? null : new AnswerGroups(value);
    }

    /// <summary>The server the response came from (or the last one tried).</summary>
    public NameServer? Server { get; init; }

    /// <summary>The transport that carried the response (UDP, or TCP after truncation, or TLS).</summary>
    public DnsTransportProtocol Transport { get; init; }

    /// <summary>Time from the start of the lookup to its end (zero for a cache hit).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Queries sent upstream for this lookup, retries and fallbacks included (zero for a cache hit).</summary>
    public int Attempts { get; init; }

    /// <summary>True when the result came from the cache; its TTLs are then the remaining ones.</summary>
    public bool FromCache { get; init; }

    /// <summary>The response code, when there is a response.</summary>
    public ResponseCode? ResponseCode => Response?.ResponseCode;

    /// <summary>True for <see cref="LookupStatus.Success"/>.</summary>
    public bool IsSuccess => Status == LookupStatus.Success;

    /// <summary>The answer RRset of the question's own name and type, if the answer has one.</summary>
    public RRSet? FindAnswer(DomainName name, RecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (RRSet set in AnswerRrsets)
        {
            if (set.Type == type && set.Name.Equals(name))
            {
                return set;
            }
        }

        return null;
    }

    /// <summary>A one-line summary.</summary>
    public override string ToString() =>
        $"{Question}: {Status}{(Response is null ? string.Empty : $" {Response.ResponseCode}")}, {AnswerRrsets.Length} RRset(s)"
        + (FromCache ? " (cache)" : $" from {Server?.ToString() ?? "-"} via {Transport} in {Elapsed.TotalMilliseconds:0.#} ms, {Attempts} attempt(s)");

    /// <summary>The RRsets of an answer section: given, or grouped from a message once, when first read.</summary>
    private sealed class AnswerGroups : IEquatable<AnswerGroups>
    {
        private readonly DnsMessage? _message;
        private ImmutableArray<RRSet> _rrsets;

        public AnswerGroups(ImmutableArray<RRSet> rrsets) => _rrsets = rrsets;

        public AnswerGroups(DnsMessage message) => _message = message;

        public ImmutableArray<RRSet> RrSets
        {
            get
            {
                if (_rrsets.IsDefault && _message is not null)
                {
                    // One grouping wins, so every reader sees the same array.
                    ImmutableInterlocked.InterlockedInitialize(ref _rrsets, Dnssec.Chain.MessageSections.GroupLinear(_message.Answers, withRrsig: true));
                }

                return _rrsets;
            }
        }

        public bool Equals(AnswerGroups? other) => other is not null && (ReferenceEquals(this, other) || RrSets.Equals(other.RrSets));

        public override bool Equals(object? obj) => Equals(obj as AnswerGroups);

        public override int GetHashCode() => RrSets.GetHashCode();
    }
}
