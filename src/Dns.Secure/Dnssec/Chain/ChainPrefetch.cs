using DnsSecure.Dnssec.Signatures;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// The DS and DNSKEY queries one lookup's chain walk is going to ask, sent ahead and concurrently so that their round trips
/// overlap instead of following one another (latency hiding). A response fetched early is only data: the walk
/// (<see cref="ChainOfTrust"/>) takes it instead of asking, and authenticates it at its own place in the walk exactly as a
/// response it had asked for itself — nothing fetched ahead is trusted, cached or even looked at by validation before then.
/// <para>Every query sent ahead is counted in the lookup's <see cref="WorkBudget"/> when it is sent, and only while the budget
/// has room, so the total never exceeds the limit and the walk still fails closed when it runs out.</para>
/// <para>Signatures are checked ahead too, on the thread that receives a response, while the walk is busy elsewhere: a
/// DNSKEY RRset against its own secure-entry-point keys, a DS RRset against the keys of its signer's DNSKEY response once
/// both are here. A check ahead decides nothing: it only lets the process-wide record of cryptographic checks that
/// succeeded (<see cref="Algorithms.VerifiedSignatureCache"/>, exact inputs compared) answer the walk's own check later,
/// which still selects the trusted keys and checks every RRSIG field and the validity window itself (RFC 4035 §5.3). Checks
/// ahead are bounded by the lookup's verification limit on top of the walk's own, and by the per-RRset KeyTrap limits.</para>
/// </summary>
internal sealed class ChainPrefetch
{
    private readonly IDnssecDataSource _source;
    private readonly WorkBudget _budget;
    private readonly RrsetVerifier? _verifier;
    private readonly int _maxVerificationsAhead;
    private readonly Lock _gate = new();
    private readonly Dictionary<DnsQuestion, Task<DataSourceResponse>> _pending = [];
    // Responses received so far, for checks ahead that need two of them (a DS RRset and its signer's keys).
    private readonly Dictionary<DomainName, List<DnskeyRdata>> _receivedKeys = [];
    private readonly List<(RRSet Ds, IReadOnlyList<RrsigRdata> Signatures, DomainName Signer)> _receivedDs = [];
    private int _sent;
    private int _verificationsAhead;

    /// <param name="source">Where the queries go.</param>
    /// <param name="budget">The lookup's budget: queries sent ahead are spent from it.</param>
    /// <param name="verifier">The verifier the walk uses, for checks ahead; null: none.</param>
    /// <param name="maxVerificationsAhead">Signature verifications allowed ahead for the lookup.</param>
    public ChainPrefetch(IDnssecDataSource source, WorkBudget budget, RrsetVerifier? verifier, int maxVerificationsAhead)
    {
        _source = source;
        _budget = budget;
        _verifier = verifier;
        _maxVerificationsAhead = maxVerificationsAhead;
    }

    /// <summary>Signature verifications done ahead for this lookup so far.</summary>
    public int VerificationsAhead => Volatile.Read(ref _verificationsAhead);

    /// <summary>Queries sent ahead for this lookup so far (taken by the walk or not).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Sends <paramref name="question"/> unless it is already on its way or the budget has no room left.</summary>
    public void Send(DnsQuestion question, CancellationToken cancellationToken)
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

        // Sent outside the lock: a source that completes at once runs its continuation (the checks ahead) here.
        _ = RunAsync(question, completion, cancellationToken);
    }

    /// <summary>Takes the response sent ahead for <paramref name="question"/>, if any; each response is taken at most once.</summary>
    public bool TryTake(DnsQuestion question, out Task<DataSourceResponse> response)
    {
        lock (_gate)
        {
            return _pending.Remove(question, out response!);
        }
    }

    private async Task RunAsync(DnsQuestion question, TaskCompletionSource<DataSourceResponse> completion, CancellationToken cancellationToken)
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

        try
        {
            if (_verifier is not null && response.Message is { ResponseCode: ResponseCode.NoError } message && !cancellationToken.IsCancellationRequested)
            {
                CheckAhead(question, message);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Work ahead is only a head start: whatever stops it, the walk judges the response itself when it takes it.
        }
        finally
        {
            completion.TrySetResult(response);
        }
    }

    /// <summary>Checks signatures of a received DNSKEY or DS response ahead of the walk (see the class remarks).</summary>
    private void CheckAhead(DnsQuestion question, DnsMessage message)
    {
        var answer = MessageSections.Split(message.Answers);
        if (answer.Find(question.Name, question.Type) is not { } rrset)
        {
            return;
        }

        IReadOnlyList<RrsigRdata> signatures = answer.SignaturesFor(question.Name, question.Type);
        if (signatures.Count == 0)
        {
            return;
        }

        List<(RRSet Ds, IReadOnlyList<RrsigRdata> Signatures, DomainName Signer)> ready = [];
        List<DnskeyRdata>? signerKeys = null;
        if (question.Type == RecordType.DNSKEY)
        {
            var zoneKeys = rrset.Data.OfType<DnskeyRdata>().Where(k => k.Protocol == 3 && (k.Flags & 0x0100) != 0 && !k.IsRevoked).ToList();
            // The walk checks the key set with the keys its parent's DS vouches for: normally the secure entry points.
            List<DnskeyRdata> entry = zoneKeys.Where(k => (k.Flags & 0x0001) != 0).ToList() is { Count: > 0 } sep ? sep : zoneKeys;
            Verify(rrset, signatures, entry, question.Name);
            lock (_gate)
            {
                _receivedKeys[question.Name] = zoneKeys;
                ready.AddRange(_receivedDs.Where(d => d.Signer == question.Name));
                _receivedDs.RemoveAll(d => d.Signer == question.Name);
            }

            signerKeys = zoneKeys;
        }
        else if (question.Type == RecordType.DS)
        {
            DomainName signer = signatures[0].SignerName;
            lock (_gate)
            {
                if (_receivedKeys.TryGetValue(signer, out signerKeys))
                {
                    ready.Add((rrset, signatures, signer));
                }
                else
                {
                    _receivedDs.Add((rrset, signatures, signer));
                }
            }
        }

        foreach (var (ds, dsSignatures, signer) in ready)
        {
            Verify(ds, dsSignatures, signerKeys!, signer);
        }
    }

    private void Verify(RRSet rrset, IReadOnlyList<RrsigRdata> signatures, List<DnskeyRdata> keys, DomainName zone)
    {
        if (keys.Count == 0 || Volatile.Read(ref _verificationsAhead) >= _maxVerificationsAhead)
        {
            return;
        }

        // The verdict is not used: a success lands in the verified-signature record the walk's own check consults.
        SignatureCheck check = _verifier!.Verify(rrset, signatures, keys, zone);
        Interlocked.Add(ref _verificationsAhead, check.Verifications);
    }
}
