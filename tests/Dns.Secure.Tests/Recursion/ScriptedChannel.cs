using System.Net;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Recursion;

namespace DnsSecure.Tests.Recursion;

/// <summary>A channel answered by a function, for servers no real zone can imitate (endless referrals, NXNS).</summary>
internal sealed class ScriptedChannel(Func<DnsMessage, IPEndPoint, DnsMessage?> answer) : IAuthoritativeChannel
{
    private int _queries;

    public int Queries => Volatile.Read(ref _queries);

    public ValueTask<DataSourceResponse> ExchangeAsync(DnsMessage query, IPEndPoint server, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _queries);
        DnsMessage? reply = answer(query, server);
        return ValueTask.FromResult(reply is null ? DataSourceResponse.Failed("no answer") : DataSourceResponse.FromMessage(reply));
    }

    public static DnsMessage Reply(DnsMessage query, ResponseCode code = ResponseCode.NoError) => new()
    {
        Id = query.Id,
        IsResponse = true,
        ResponseCode = code,
        Questions = query.Questions,
        Edns = new DnsSecure.Edns.EdnsRecord { DnssecOk = true },
    };
}
