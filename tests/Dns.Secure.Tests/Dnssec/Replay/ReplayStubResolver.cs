using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec.Replay;

/// <summary>An <see cref="IStubResolver"/> answered by a replay's mock upstream (no network).</summary>
internal sealed class ReplayStubResolver(ReplayUpstream upstream) : IStubResolver
{
    private int _id;

    public ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= LookupOptions.Default;
        DnsMessage query = DnsMessage.CreateQuery((ushort)Interlocked.Increment(ref _id), question, options.RecursionDesired, options.DnssecOk, options.CheckingDisabled);
        DnsMessage? reply = upstream.Answer(query);
        return ValueTask.FromResult(new LookupResult
        {
            Question = question,
            Status = reply is null ? LookupStatus.Timeout : reply.ResponseCode is ResponseCode.NoError or ResponseCode.NXDomain ? LookupStatus.Success : LookupStatus.ServerFailure,
            Response = reply,
            Attempts = 1,
        });
    }
}
