using System.Net;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Recursion;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>
/// The authoritative servers of a replay, as an iterative resolver sees them (Deckard semantics): a query sent to an
/// address is answered by the first ENTRY whose MATCH criteria fit, in the first RANGE that covers the current step and
/// lists that ADDRESS (file order). No fitting entry is a server that does not answer. The port is ignored, as the
/// scenarios name servers by address only. Records every query with the server it went to.
/// </summary>
internal sealed class ReplayNetwork : IAuthoritativeChannel
{
    private readonly ReplayScenario _scenario;
    private readonly Lock _gate = new();
    private readonly List<(int Step, IPAddress Server, DnsQuestion Question, bool Answered)> _log = [];

    public ReplayNetwork(ReplayScenario scenario) => _scenario = scenario;

    /// <summary>The step the scenario is at; ranges are chosen by it.</summary>
    public int CurrentStep { get; set; }

    /// <summary>How many queries were sent so far.</summary>
    public int QueryCount
    {
        get
        {
            lock (_gate)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>Every query so far: the step, the server, the question and whether an entry answered it.</summary>
    public IReadOnlyList<(int Step, IPAddress Server, DnsQuestion Question, bool Answered)> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    public ValueTask<DataSourceResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(server);
        cancellationToken.ThrowIfCancellationRequested();
        DnsMessage? reply = Answer(query, server.Address);
        lock (_gate)
        {
            _log.Add((CurrentStep, server.Address, query.Questions.IsEmpty ? new DnsQuestion(DomainName.Root, RecordType.A) : query.Questions[0], reply is not null));
        }

        // A reply whose ID does not match (an entry without ADJUST copy_id) is dropped by a real resolver's transport.
        return ValueTask.FromResult(reply is null || reply.Id != query.Id
            ? DataSourceResponse.Failed($"no answer from {server.Address} (timeout)")
            : DataSourceResponse.FromMessage(reply));
    }

    /// <summary>The reply <paramref name="address"/> gives to <paramref name="query"/> at the current step, or null.</summary>
    public DnsMessage? Answer(DnsMessage query, IPAddress address)
    {
        foreach (ReplayRange range in _scenario.Ranges)
        {
            if (!range.Covers(CurrentStep) || !range.Addresses.Any(a => IPAddress.TryParse(a, out IPAddress? ip) && ip.Equals(address)))
            {
                continue;
            }

            foreach (ReplayEntry entry in range.Entries)
            {
                if (entry.Matches(query))
                {
                    return entry.ToReply(query);
                }
            }
        }

        return null;
    }
}
