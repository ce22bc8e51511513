using System.Collections.Concurrent;
using System.Net;

namespace DnsSecure.Transport;

/// <summary>
/// What the resolver has learnt about each server, in the manner of Unbound's infra cache and BIND's SRTT:
/// a smoothed round-trip time used to prefer fast servers, timeouts that push a server back (and, for the iterator,
/// a back-off after which a dead server is probed again), and whether the server answers EDNS queries (remembered for
/// a while, RFC 6891 §7). Shared by every lookup of its owner; bounded in entries and forgotten when unused for
/// <c>entryLifetime</c> (Unbound's <c>infra-host-ttl</c>).
/// </summary>
internal sealed class ServerInfrastructureCache(TimeProvider timeProvider, TimeSpan ednsMemory, TimeSpan maxSrtt, int maxEntries = 10_000, TimeSpan? entryLifetime = null)
{
    /// <summary>
    /// The round trip assumed for a server never measured (Unbound's UNKNOWN_SERVER_NICENESS, 376 ms): unknown servers
    /// fall inside the selection band of any reasonably fast server, so they get explored.
    /// </summary>
    public const double UnknownSrttMs = 376;

    // Weight of a new sample in the smoothed RTT (BIND uses 0.3, as does TCP's RFC 6298 family in spirit).
    private const double SampleWeight = 0.3;

    // The longest back-off of a server that keeps failing (Unbound keeps a host's state for infra-host-ttl, 900 s).
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<IPEndPoint, ServerState> _servers = new();
    private readonly TimeSpan _lifetime = entryLifetime ?? (ednsMemory > TimeSpan.FromMinutes(15) ? ednsMemory : TimeSpan.FromMinutes(15));

    /// <summary>Servers currently remembered (for tests and metrics).</summary>
    public int Count => _servers.Count;

    /// <summary>Records a measured round trip; a server that answers is no longer backed off.</summary>
    public void RecordRtt(IPEndPoint server, TimeSpan rtt)
    {
        ServerState state = Get(server);
        lock (state)
        {
            state.SrttMs = state.Measured ? ((1 - SampleWeight) * state.SrttMs) + (SampleWeight * rtt.TotalMilliseconds) : rtt.TotalMilliseconds;
            state.Measured = true;
            state.Failures = 0;
            state.BackoffUntil = null;
        }
    }

    /// <summary>Records a timeout or failure: the server's SRTT doubles, to at least twice the timeout (the
    /// retransmission back-off of Unbound's infra cache), capped. With a positive <paramref name="backoff"/> the server is
    /// also put last for that long, doubled for each further consecutive failure (capped at 15 minutes); once the
    /// back-off ends it is probed again like a server never measured.</summary>
    public void RecordFailure(IPEndPoint server, TimeSpan timeout, TimeSpan backoff = default)
    {
        ServerState state = Get(server);
        lock (state)
        {
            double penalised = Math.Max(state.SrttMs, timeout.TotalMilliseconds) * 2;
            state.SrttMs = Math.Min(penalised, maxSrtt.TotalMilliseconds);
            state.Measured = true;
            state.Failures = Math.Min(state.Failures + 1, 16);
            if (backoff > TimeSpan.Zero)
            {
                TimeSpan span = TimeSpan.FromTicks(Math.Min(backoff.Ticks * (1L << (state.Failures - 1)), s_maxBackoff.Ticks));
                state.BackoffUntil = timeProvider.GetUtcNow() + span;
            }
        }
    }

    /// <summary>The smoothed RTT in milliseconds; 0 for a server never tried, so that every server gets explored.</summary>
    public double GetSrtt(IPEndPoint server) => TryGetLive(server, out ServerState? s) ? s.SrttMs : 0;

    /// <summary>True while <paramref name="server"/> is backed off after failures.</summary>
    public bool IsBackedOff(IPEndPoint server)
    {
        if (!TryGetLive(server, out ServerState? state))
        {
            return false;
        }

        lock (state)
        {
            return state.BackoffUntil is { } until && timeProvider.GetUtcNow() < until;
        }
    }

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
        if (!TryGetLive(server, out ServerState? state))
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

    /// <summary>
    /// Unbound's server selection for an iterator: a server whose back-off has just ended comes first, once, as a probe
    /// (if it fails again its back-off doubles); then the servers whose SRTT (<see cref="UnknownSrttMs"/> when never
    /// measured) is within <paramref name="band"/> of the fastest, in random order when <paramref name="random"/> is given
    /// (spreading load and making the chosen server harder to predict); then the slower ones, fastest first; then the
    /// backed-off ones. Ties keep the given order.
    /// </summary>
    public List<IPEndPoint> Select(IReadOnlyList<IPEndPoint> servers, TimeSpan band, Random? random)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        var keyed = new List<(IPEndPoint Server, double Srtt, bool BackedOff, int Index)>(servers.Count);
        var probes = new List<IPEndPoint>();
        for (int i = 0; i < servers.Count; i++)
        {
            double srtt = UnknownSrttMs;
            bool backedOff = false;
            if (TryGetLive(servers[i], out ServerState? state))
            {
                lock (state)
                {
                    backedOff = state.BackoffUntil is { } until && now < until;
                    if (state.Failures > 0 && state.BackoffUntil is { } ended && now >= ended)
                    {
                        // The back-off is over: probe the server once; its next result decides what it is worth.
                        state.BackoffUntil = null;
                        state.SrttMs = UnknownSrttMs;
                        probes.Add(servers[i]);
                        continue;
                    }

                    srtt = state.Measured ? state.SrttMs : UnknownSrttMs;
                }
            }

            keyed.Add((servers[i], srtt, backedOff, i));
        }

        double fastest = keyed.Where(k => !k.BackedOff).Select(k => k.Srtt).DefaultIfEmpty(double.MaxValue).Min();
        double limit = fastest + band.TotalMilliseconds;
        var inBand = keyed.Where(k => !k.BackedOff && k.Srtt <= limit).Select(k => k.Server).ToList();
        if (random is not null && band > TimeSpan.Zero)
        {
            for (int i = inBand.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (inBand[i], inBand[j]) = (inBand[j], inBand[i]);
            }
        }

        inBand.AddRange(keyed.Where(k => !k.BackedOff && k.Srtt > limit).OrderBy(k => k.Srtt).ThenBy(k => k.Index).Select(k => k.Server));
        inBand.AddRange(keyed.Where(k => k.BackedOff).OrderBy(k => k.Srtt).ThenBy(k => k.Index).Select(k => k.Server));
        probes.AddRange(inBand);
        return probes;
    }

    /// <summary>Forgets every server.</summary>
    public void Clear() => _servers.Clear();

    private bool TryGetLive(IPEndPoint server, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ServerState? state)
    {
        if (_servers.TryGetValue(server, out state) && timeProvider.GetUtcNow() - state.LastUsed < _lifetime)
        {
            return true;
        }

        state = null;
        return false;
    }

    private ServerState Get(IPEndPoint server)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        if (_servers.TryGetValue(server, out ServerState? existing))
        {
            if (now - existing.LastUsed >= _lifetime)
            {
                // Expired: start afresh, as for a server never seen.
                _servers.TryRemove(new KeyValuePair<IPEndPoint, ServerState>(server, existing));
            }
            else
            {
                existing.LastUsed = now;
                return existing;
            }
        }

        if (_servers.Count >= maxEntries)
        {
            foreach (var (key, value) in _servers)
            {
                if (now - value.LastUsed >= _lifetime)
                {
                    _servers.TryRemove(new KeyValuePair<IPEndPoint, ServerState>(key, value));
                }
            }

            if (_servers.Count >= maxEntries)
            {
                _servers.Clear(); // bounded: a flood of new servers cannot grow the table
            }
        }

        ServerState state = _servers.GetOrAdd(server, static (_, t) => new ServerState { LastUsed = t }, now);
        state.LastUsed = now;
        return state;
    }

    private sealed class ServerState
    {
        public double SrttMs { get; set; }

        public bool Measured { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset? BackoffUntil { get; set; }

        public DateTimeOffset? NoEdnsUntil { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }
}
