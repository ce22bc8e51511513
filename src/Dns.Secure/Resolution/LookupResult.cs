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

    /// <summary>The answer section grouped by owner, type and class.</summary>
    public ImmutableArray<ResourceRecordSet> AnswerRrsets { get; init; } = [];

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
    public ResourceRecordSet? FindAnswer(DomainName name, RecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (ResourceRecordSet set in AnswerRrsets)
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
}
