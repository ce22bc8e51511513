using System.Collections.Concurrent;
using System.Net;

namespace DnsSecure.Transport;

/// <summary>
/// What the resolver has learnt about each server, in the manner of Unbound's infra cache and BIND's SRTT:
/// a smoothed round-trip time used to prefer fast servers, timeouts that push a server back, and whether
/// the server answers EDNS queries (remembered for a while, RFC 6891 §7).
/// </summary>
internal sealed class ServerInfrastructureCache(TimeProvider timeProvider, TimeSpan ednsMemory, TimeSpan maxSrtt)
{
    // Weight of a new sample in the smoothed RTT (BIND uses 0.3, as does TCP's RFC 6298 family in spirit).
    private const double SampleWeight = 0.3;

    private readonly ConcurrentDictionary<IPEndPoint, ServerState> _servers = new();

    /// <summary>Records a measured round trip.</summary>
    public void RecordRtt(IPEndPoint server, TimeSpan rtt)
    {
        ServerState state = Get(server);
        lock (state)
        {
            state.SrttMs = state.Measured ? ((1 - SampleWeight) * state.SrttMs) + (SampleWeight * rtt.TotalMilliseconds) : rtt.TotalMilliseconds;
            state.Measured = true;
        }
    }

    /// <summary>Records a timeout or failure: the server's SRTT doubles (at least to the timeout), capped.</summary>
    public void RecordFailure(IPEndPoint server, TimeSpan timeout)
    {
        ServerState state = Get(server);
        lock (state)
        {
            double penalised = Math.Max(state.SrttMs * 2, timeout.TotalMilliseconds);
            state.SrttMs = Math.Min(penalised, maxSrtt.TotalMilliseconds);
            state.Measured = true;
        }
    }

    /// <summary>The smoothed RTT in milliseconds; 0 for a server never tried, so that every server gets explored.</summary>
    public double GetSrtt(IPEndPoint server) => _servers.TryGetValue(server, out ServerState? s) ? s.SrttMs : 0;

    /// <summary>Remembers that <paramref name="server"/> does not speak EDNS, for the configured period.</summary>
    public void MarkEdnsUnsupported(IPEndPoint server)
    {
        ServerState state = Get(server);
        lock (state)
        {
            state.NoEdnsUntil = timeProvider.GetUtcNow() + ednsMemory;
        }
    }

    /// <summary>True while <paramref name="server"/> is remembered as not speaking EDNS.</summary>
    public bool IsEdnsUnsupported(IPEndPoint server)
    {
        if (!_servers.TryGetValue(server, out ServerState? state))
        {
            return false;
        }

        lock (state)
        {
            return state.NoEdnsUntil is { } until && timeProvider.GetUtcNow() < until;
        }
    }

    /// <summary>
    /// The servers in the order to try them: with <paramref name="rotate"/>, the configured list rotated by
    /// <paramref name="rotation"/> (resolv.conf <c>rotate</c>); otherwise lowest SRTT first, ties in configured order.
    /// </summary>
    public IReadOnlyList<NameServer> Order(IReadOnlyList<NameServer> servers, bool rotate, int rotation)
    {
        var ordered = new NameServer[servers.Count];
        if (rotate)
        {
            for (int i = 0; i < servers.Count; i++)
            {
                ordered[i] = servers[(i + rotation) % servers.Count];
            }

            return ordered;
        }

        var keys = new (double Srtt, int Index)[servers.Count];
        for (int i = 0; i < servers.Count; i++)
        {
            keys[i] = (GetSrtt(servers[i].EndPoint), i);
            ordered[i] = servers[i];
        }

        Array.Sort(keys, ordered);
        return ordered;
    }

    private ServerState Get(IPEndPoint server) => _servers.GetOrAdd(server, static _ => new ServerState());

    private sealed class ServerState
    {
        public double SrttMs { get; set; }

        public bool Measured { get; set; }

        public DateTimeOffset? NoEdnsUntil { get; set; }
    }
}
