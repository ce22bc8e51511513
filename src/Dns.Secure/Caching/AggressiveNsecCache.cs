using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Caching;

/// <summary>
/// RFC 8198 (aggressive use of DNSSEC-validated cache): the NSEC and NSEC3 RRsets, with their RRSIGs, that the validator
/// has authenticated (Secure) in negative answers, kept per signing zone so that later questions they already deny can be
/// answered without asking upstream. Entries live for min(record TTL, SOA TTL, SOA MINIMUM) (RFC 8198 §5.4, RFC 9077 §3)
/// and the validated lifetime of their signatures. Bounded: at most <see cref="MaxZones"/> zones of at most
/// <see cref="MaxRRsetsPerZone"/> RRsets; expired entries are dropped first, then the soonest to expire. Thread-safe.
/// </summary>
internal sealed class AggressiveNsecCache
{
    /// <summary>Zones whose denial records are kept.</summary>
    public const int MaxZones = 1024;

    /// <summary>NSEC/NSEC3 RRsets kept per zone.</summary>
    public const int MaxRRsetsPerZone = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<DomainName, Dictionary<(DomainName Owner, RecordType Type), Entry>> _zones = [];
    private readonly TimeProvider _time;

    public AggressiveNsecCache(TimeProvider time) => _time = time;

    /// <summary>RRsets held now (expired ones included until touched).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _zones.Values.Sum(z => z.Count);
            }
        }
    }

    /// <summary>Remembers authenticated NSEC/NSEC3 RRsets (data and RRSIGs) of <paramref name="zone"/> for <paramref name="ttl"/> seconds.</summary>
    public void Add(DomainName zone, IEnumerable<ResourceRecord> records, uint ttl)
    {
        if (ttl == 0)
        {
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;
        long expires = now + TimeSpan.FromSeconds(ttl).Ticks;
        var groups = records.Where(r => r.Type is RecordType.NSEC or RecordType.NSEC3 || r.Data is RrsigRdata { TypeCovered: RecordType.NSEC or RecordType.NSEC3 })
            .GroupBy(r => (r.Name, r.Data is RrsigRdata sig ? sig.TypeCovered : r.Type));
        lock (_lock)
        {
            if (!_zones.TryGetValue(zone, out var entries))
            {
                if (_zones.Count >= MaxZones)
                {
                    EvictZone(now);
                }

                _zones[zone] = entries = [];
            }

            foreach (var group in groups)
            {
                if (!group.Any(r => r.Data is RrsigRdata) || !group.Any(r => r.Data is not RrsigRdata))
                {
                    continue; // only whole, signed RRsets
                }

                if (entries.Count >= MaxRRsetsPerZone && !entries.ContainsKey(group.Key))
                {
                    EvictEntry(entries, now);
                }

                entries[group.Key] = new Entry([.. group], expires);
            }
        }
    }

    /// <summary>
    /// The unexpired denial records of the deepest cached zone at or above <paramref name="owner"/> that are relevant to
    /// <paramref name="name"/> (those matching or covering the name, its ancestors, or the wildcards below them), with
    /// their RRSIGs, and the shortest remaining lifetime among them in seconds.
    /// </summary>
    public bool TryGetRelevant(DomainName name, DomainName owner, ValidatorOptions options, out DomainName? zone, out List<ResourceRecord> records, out uint ttl)
    {
        long now = _time.GetUtcNow().UtcTicks;
        records = [];
        ttl = uint.MaxValue;
        zone = null;
        List<Entry> candidates;
        lock (_lock)
        {
            Dictionary<(DomainName, RecordType), Entry>? entries = null;
            for (int labels = owner.LabelCount; labels >= 0 && entries is null; labels--)
            {
                DomainName ancestor = owner.GetAncestor(labels);
                if (_zones.TryGetValue(ancestor, out var found) && found.Count > 0)
                {
                    zone = ancestor;
                    entries = found;
                }
            }

            if (entries is null || zone is null)
            {
                return false;
            }

            foreach (var expired in entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                entries.Remove(expired);
            }

            candidates = [.. entries.Values];
        }

        DomainName apex = zone;
        List<DomainName> targets = Targets(name, apex);
        byte[][]? hashes = null;
        foreach (Entry entry in candidates)
        {
            ResourceRecord data = entry.Records.First(r => r.Data is not RrsigRdata);
            bool relevant = data.Data switch
            {
                NsecRdata nsec => targets.Any(t => t == data.Name || NsecDenial.Covers(data.Name, nsec, t, apex)),
                Nsec3Rdata nsec3 => Nsec3Relevant(data.Name, nsec3, targets, options, ref hashes),
                _ => false,
            };
            if (relevant)
            {
                records.AddRange(entry.Records);
                ttl = Math.Min(ttl, (uint)Math.Max(1, (entry.Expires - now) / TimeSpan.TicksPerSecond));
            }
        }

        return records.Count > 0;
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _zones.Clear();
        }
    }

    /// <summary>The name, each ancestor down to the zone, and the wildcard child of each: every name a proof may need.</summary>
    private static List<DomainName> Targets(DomainName name, DomainName zone)
    {
        var targets = new List<DomainName>();
        for (int labels = name.LabelCount; labels >= zone.LabelCount; labels--)
        {
            DomainName ancestor = name.GetAncestor(labels);
            targets.Add(ancestor);
            if (ancestor.WireForm.Length + 2 <= DnsLimits.MaxNameLength)
            {
                targets.Add(ancestor.Prepend("*"u8));
            }
        }

        return targets;
    }

    private static bool Nsec3Relevant(DomainName owner, Nsec3Rdata nsec3, List<DomainName> targets, ValidatorOptions options, ref byte[][]? hashes)
    {
        if (nsec3.HashAlgorithm != Nsec3HashAlgorithm.Sha1 || nsec3.Iterations > options.MaxNsec3Iterations
            || !Nsec3Hash.TryGetOwnerHash(owner, out byte[]? ownerHash))
        {
            return false;
        }

        hashes ??= [.. targets.Select(t => Nsec3Hash.Compute(t, nsec3.Salt.Span, nsec3.Iterations))];
        ReadOnlySpan<byte> next = nsec3.NextHashedOwnerName.Span;
        foreach (byte[] hash in hashes)
        {
            // RFC 5155 §8.3: a match, or a cover (owner < hash < next, the last NSEC3 of the chain wrapping round).
            int fromOwner = hash.AsSpan().SequenceCompareTo(ownerHash);
            bool beforeNext = hash.AsSpan().SequenceCompareTo(next) < 0;
            bool wraps = next.SequenceCompareTo(ownerHash) <= 0;
            if (fromOwner == 0 || (wraps ? fromOwner > 0 || beforeNext : fromOwner > 0 && beforeNext))
            {
                return true;
            }
        }

        return false;
    }

    private void EvictZone(long now)
    {
        // Zones with nothing unexpired go first, else the zone whose records expire soonest.
        DomainName victim = _zones.MinBy(z => z.Value.Count == 0 ? long.MinValue : z.Value.Values.Max(e => e.Expires) <= now ? long.MinValue + 1 : z.Value.Values.Min(e => e.Expires)).Key;
        _zones.Remove(victim);
    }

    private static void EvictEntry(Dictionary<(DomainName, RecordType), Entry> entries, long now)
    {
        foreach (var expired in entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
        {
            entries.Remove(expired);
        }

        if (entries.Count >= MaxRRsetsPerZone)
        {
            entries.Remove(entries.MinBy(e => e.Value.Expires).Key);
        }
    }

    private sealed record Entry(ResourceRecord[] Records, long Expires);
}
