using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// The DS and DNSKEY queries one lookup's chain walk is going to ask, sent ahead and concurrently so that their round trips
/// overlap instead of following one another (latency hiding). A response fetched early is only data: the walk
/// (<see cref="ChainOfTrust"/>) takes it instead of asking, and authenticates it at its own place in the walk exactly as a
/// response it had asked for itself — nothing fetched ahead is trusted, cached or even looked at by validation before then.
/// <para>Every query sent ahead is counted in the lookup's <see cref="WorkBudget"/> when it is sent, and only while the budget
/// has room, so the total never exceeds the limit and the walk still fails closed when it runs out.</para>
/// </summary>
internal sealed class ChainPrefetch
{
    private readonly IDnssecDataSource _source;
    private readonly WorkBudget _budget;
    private readonly Func<DsRdata, bool> _isUsableDs;
    private readonly Lock _gate = new();
    private readonly Dictionary<DnsQuestion, Task<DataSourceResponse>> _pending = [];
    private int _sent;

    public ChainPrefetch(IDnssecDataSource source, WorkBudget budget, Func<DsRdata, bool> isUsableDs)
    {
        _source = source;
        _budget = budget;
        _isUsableDs = isUsableDs;
    }

    /// <summary>Queries sent ahead for this lookup so far (taken by the walk or not).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Sends <paramref name="question"/> unless it is already on its way or the budget has no room left.</summary>
    public void Send(DnsQuestion question, CancellationToken cancellationToken) => Send(question, keysIfDelegated: false, cancellationToken);

    /// <summary>
    /// Sends a DS query for <paramref name="name"/>; when its answer holds a DS RRset with a usable record for the name
    /// (the only case where the walk goes on to ask for the child's keys, RFC 4035 §5.2), the DNSKEY query follows at once.
    /// </summary>
    public void SendDelegation(DomainName name, CancellationToken cancellationToken) =>
        Send(new DnsQuestion(name, RecordType.DS), keysIfDelegated: true, cancellationToken);

    /// <summary>Takes the response sent ahead for <paramref name="question"/>, if any; each response is taken at most once.</summary>
    public bool TryTake(DnsQuestion question, out Task<DataSourceResponse> response)
    {
        lock (_gate)
        {
            return _pending.Remove(question, out response!);
        }
    }

    private void Send(DnsQuestion question, bool keysIfDelegated, CancellationToken cancellationToken)
    {
        TaskCompletionSource<DataSourceResponse> completion;
        lock (_gate)
        {
            if (_pending.ContainsKey(question) || !_budget.TrySpendQueryAhead())
            {
                return;
            }

            completion = new TaskCompletionSource<DataSourceResponse>();
            _pending.Add(question, completion.Task);
            _sent++;
        }

        // Sent outside the lock: a source that completes at once may chain the next query from its continuation.
        _ = RunAsync(question, keysIfDelegated, completion, cancellationToken);
    }

    private async Task RunAsync(DnsQuestion question, bool keysIfDelegated, TaskCompletionSource<DataSourceResponse> completion, CancellationToken cancellationToken)
    {
        DataSourceResponse response;
        try
        {
            response = await _source.QueryAsync(question, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            completion.TrySetCanceled(e.CancellationToken);
            return;
        }
        catch (Exception e)
        {
            // The walk sees the failure when it takes the response, as it would have seen it asking itself.
            completion.TrySetException(e);
            return;
        }

        if (keysIfDelegated && HasUsableDs(question.Name, response))
        {
            Send(new DnsQuestion(question.Name, RecordType.DNSKEY), keysIfDelegated: false, cancellationToken);
        }

        completion.TrySetResult(response);
    }

    /// <summary>A positive DS answer for <paramref name="name"/> with a record the walk could use (not yet authenticated).</summary>
    private bool HasUsableDs(DomainName name, DataSourceResponse response)
    {
        if (response.Message is not { ResponseCode: ResponseCode.NoError } message)
        {
            return false;
        }

        foreach (ResourceRecord record in message.Answers)
        {
            if (record.Data is DsRdata ds && record.Name == name && _isUsableDs(ds))
            {
                return true;
            }
        }

        return false;
    }
}
