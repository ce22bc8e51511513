using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Caching;

/// <summary>
/// RFC 8198 (aggressive use of DNSSEC-validated cache): the NSEC and NSEC3 RRsets, with their RRSIGs, that the validator
/// has authenticated (Secure) in negative answers, kept per signing zone so that later questions they already deny can be
/// answered without asking upstream. Entries live for min(record TTL, SOA TTL, SOA MINIMUM) (RFC 8198 §5.4, RFC 9077 §3)
/// and the validated lifetime of their signatures; records that arrive with a positive wildcard answer (no SOA) live for
/// their own TTL, and never lengthen an unexpired entry. Bounded: at most <see cref="MaxZones"/> zones of at most
/// <see cref="MaxRRsetsPerZone"/> RRsets; expired entries are dropped first, then the soonest to expire. Thread-safe.
/// <para>Each zone also keeps the authenticated wildcard RRsets (with the RRSIG that verified an expansion) seen in
/// validated wildcard answers, under the same bound, so that a positive answer for another name under the wildcard can be
/// synthesised when the cached NSEC/NSEC3 records prove that name absent (RFC 8198 §5.3).</para>
/// <para>A lookup costs O(labels × log n): each zone keeps its NSEC RRsets in canonical order and its NSEC3 RRsets in hash
/// order, so only the record matching or preceding each name a proof may need is examined, never the whole zone.</para>
/// </summary>
internal sealed class AggressiveNsecCache
{
    /// <summary>Zones whose denial records are kept.</summary>
    public const int MaxZones = 1024;

    /// <summary>NSEC/NSEC3 RRsets kept per zone.</summary>
    public const int MaxRRsetsPerZone = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<DomainName, ZoneDenials> _zones = [];
    private readonly TimeProvider _time;

    public AggressiveNsecCache(TimeProvider time) => _time = time;

    /// <summary>RRsets held now (expired ones included until touched).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _zones.Values.Sum(z => z.Entries.Count);
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

                _zones[zone] = entries = new ZoneDenials();
            }

            foreach (var group in groups)
            {
                if (!group.Any(r => r.Data is RrsigRdata) || !group.Any(r => r.Data is not RrsigRdata))
                {
                    continue; // only whole, signed RRsets
                }

                if (entries.Entries.Count >= MaxRRsetsPerZone && !entries.Entries.ContainsKey(group.Key))
                {
                    EvictEntry(entries, now);
                }

                // An unexpired entry keeps its expiry when it is sooner: records first kept for min(NSEC TTL, SOA TTL, SOA
                // MINIMUM) from a negative answer are not lengthened by a positive wildcard answer, which carries no SOA.
                long until = entries.Entries.TryGetValue(group.Key, out Entry? existing) && existing.Expires > now ? Math.Min(existing.Expires, expires) : expires;
                entries.Set(group.Key, new Entry([.. group], until));
            }
        }
    }

    /// <summary>
    /// Remembers an authenticated wildcard RRset of <paramref name="zone"/> (RFC 8198 §5.3): <paramref name="wildcard"/> is
    /// the wildcard owner (<c>*.</c> + closest encloser), <paramref name="rrsig"/> the signature that verified the
    /// expansion (its Labels field names the wildcard), kept for <paramref name="ttl"/> seconds.
    /// </summary>
    public void AddWildcard(DomainName zone, DomainName wildcard, RRSet rrset, RrsigRdata rrsig, uint ttl)
    {
        if (ttl == 0 || !wildcard.IsWildcard || !wildcard.IsSubdomainOf(zone) || rrsig.TypeCovered != rrset.Type)
        {
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;
        ResourceRecord[] records = [.. rrset.Data.Select(d => new ResourceRecord(wildcard, rrset.Class, ttl, d)), new ResourceRecord(wildcard, rrset.Class, ttl, rrsig)];
        lock (_lock)
        {
            if (!_zones.TryGetValue(zone, out var entries))
            {
                if (_zones.Count >= MaxZones)
                {
                    EvictZone(now);
                }

                _zones[zone] = entries = new ZoneDenials();
            }

            var key = (wildcard, rrset.Type);
            if (entries.Entries.Count >= MaxRRsetsPerZone && !entries.Entries.ContainsKey(key))
            {
                EvictEntry(entries, now);
            }

            entries.Set(key, new Entry(records, now + TimeSpan.FromSeconds(ttl).Ticks));
        }
    }

    /// <summary>The unexpired wildcard RRset <paramref name="wildcard"/>/<paramref name="type"/> of <paramref name="zone"/>
    /// (data records and the RRSIG, owned by the wildcard name) and its remaining lifetime in seconds.</summary>
    public bool TryGetWildcard(DomainName zone, DomainName wildcard, RecordType type, out ResourceRecord[] records, out uint ttl)
    {
        long now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (_zones.TryGetValue(zone, out var entries) && entries.Entries.TryGetValue((wildcard, type), out Entry? entry) && entry.Expires > now)
            {
                records = [.. entry.Records];
                ttl = (uint)Math.Max(1, (entry.Expires - now) / TimeSpan.TicksPerSecond);
                return true;
            }
        }

        records = [];
        ttl = 0;
        return false;
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
        var candidates = new HashSet<Entry>(ReferenceEqualityComparer.Instance);
        List<DomainName> targets;
        byte[][]? hashes;
        lock (_lock)
        {
            ZoneDenials? entries = null;
            for (int labels = owner.LabelCount; labels >= 0 && entries is null; labels--)
            {
                DomainName ancestor = owner.GetAncestor(labels);
                if (_zones.TryGetValue(ancestor, out var found) && found.Entries.Count > 0)
                {
                    zone = ancestor;
                    entries = found;
                }
            }

            if (entries is null || zone is null)
            {
                return false;
            }

            // Only the record at or just before each target (in canonical or hash order) can match or cover it. The
            // targets' NSEC3 hashes are computed once, with the parameters of the indexed records, and reused below.
            targets = DenialRelevance.TargetsOf(name, zone);
            hashes = entries.HashTargets(targets, options);
            for (int i = 0; i < targets.Count; i++)
            {
                entries.AddNsecCandidate(targets[i], now, candidates);
                if (hashes is not null)
                {
                    entries.AddNsec3Candidate(hashes[i], now, candidates);
                }
            }
        }

        DomainName apex = zone;
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

    private static bool Nsec3Relevant(DomainName owner, Nsec3Rdata nsec3, List<DomainName> targets, ValidatorOptions options, ref byte[][]? hashes)
    {
        if (nsec3.HashAlgorithm != Nsec3HashAlgorithm.Sha1 || nsec3.Iterations > options.MaxNsec3Iterations
            || !Nsec3Hash.TryGetOwnerHash(owner, out byte[]? ownerHash))
        {
            return false;
        }

        hashes ??= [.. targets.Select(t => Nsec3Hash.Compute(t, nsec3.Salt.Span, nsec3.Iterations))];
        foreach (byte[] hash in hashes)
        {
            if (DenialRelevance.MatchesOrCovers(ownerHash, nsec3.NextHashedOwnerName.Span, hash))
            {
                return true;
            }
        }

        return false;
    }

    private void EvictZone(long now)
    {
        // Zones with nothing unexpired go first, else the zone whose records expire soonest.
        DomainName victim = _zones.MinBy(z => z.Value.Entries.Count == 0 ? long.MinValue : z.Value.Entries.Values.Max(e => e.Expires) <= now ? long.MinValue + 1 : z.Value.Entries.Values.Min(e => e.Expires)).Key;
        _zones.Remove(victim);
    }

    private static void EvictEntry(ZoneDenials entries, long now)
    {
        foreach (var expired in entries.Entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
        {
            entries.Remove(expired);
        }

        if (entries.Entries.Count >= MaxRRsetsPerZone)
        {
            entries.Remove(entries.Entries.MinBy(e => e.Value.Expires).Key);
        }
    }

    private sealed record Entry(ResourceRecord[] Records, long Expires);

    /// <summary>One zone's denial RRsets, by key and in the two orders a proof is searched in.</summary>
    private sealed class ZoneDenials
    {
        private readonly SortedList<DomainName, Entry> _nsec = [];
        private readonly SortedList<byte[], Entry> _nsec3 = new(HashOrder.Instance);

        // The NSEC3 parameters of the hash-ordered index: RRsets with other parameters (a zone being re-salted) are kept
        // by key but not indexed, so they are never used to synthesise; a missed synthesis only costs a query.
        private Nsec3Rdata? _nsec3Parameters;

        public Dictionary<(DomainName Owner, RecordType Type), Entry> Entries { get; } = [];

        public void Set((DomainName Owner, RecordType Type) key, Entry entry)
        {
            Entries[key] = entry;
            ResourceRecord data = entry.Records.First(r => r.Data is not RrsigRdata);
            if (key.Type == RecordType.NSEC)
            {
                _nsec[key.Owner] = entry;
            }
            else if (data.Data is Nsec3Rdata nsec3 && Nsec3Hash.TryGetOwnerHash(key.Owner, out byte[]? hash))
            {
                _nsec3Parameters ??= nsec3;
                if (SameParameters(nsec3, _nsec3Parameters))
                {
                    _nsec3[hash] = entry;
                }
            }
        }

        public void Remove((DomainName Owner, RecordType Type) key)
        {
            Entries.Remove(key);
            if (key.Type == RecordType.NSEC)
            {
                _nsec.Remove(key.Owner);
            }
            else if (key.Type == RecordType.NSEC3 && Nsec3Hash.TryGetOwnerHash(key.Owner, out byte[]? hash))
            {
                _nsec3.Remove(hash);
            }
        }

        /// <summary>The NSEC owned by <paramref name="target"/> or the last one before it: the only one that can match or cover it.</summary>
        public void AddNsecCandidate(DomainName target, long now, HashSet<Entry> candidates)
        {
            int index = Predecessor(_nsec.Keys, target, static (a, b) => a.CompareTo(b));
            if (index >= 0 && _nsec.Values[index].Expires > now)
            {
                candidates.Add(_nsec.Values[index]);
            }
        }

        /// <summary>The targets hashed with the indexed NSEC3 records' parameters, or null when there is nothing to search.</summary>
        public byte[][]? HashTargets(List<DomainName> targets, ValidatorOptions options) =>
            _nsec3.Count == 0 || _nsec3Parameters is not { HashAlgorithm: Nsec3HashAlgorithm.Sha1 } parameters
                || parameters.Iterations > options.MaxNsec3Iterations
                ? null
                : [.. targets.Select(t => Nsec3Hash.Compute(t, parameters.Salt.Span, parameters.Iterations))];

        /// <summary>The NSEC3 matching <paramref name="hash"/> or the last one before it, else the last of the chain (it wraps round).</summary>
        public void AddNsec3Candidate(byte[] hash, long now, HashSet<Entry> candidates)
        {
            int index = Predecessor(_nsec3.Keys, hash, HashOrder.Instance.Compare);
            Entry entry = _nsec3.Values[index >= 0 ? index : _nsec3.Count - 1];
            if (entry.Expires > now)
            {
                candidates.Add(entry);
            }
        }

        private static bool SameParameters(Nsec3Rdata a, Nsec3Rdata b) =>
            a.HashAlgorithm == b.HashAlgorithm && a.Iterations == b.Iterations && a.Salt.Span.SequenceEqual(b.Salt.Span);

        /// <summary>The index of the last key at or before <paramref name="value"/>, or -1.</summary>
        private static int Predecessor<T>(IList<T> keys, T value, Comparison<T> compare)
        {
            int low = 0, high = keys.Count - 1, found = -1;
            while (low <= high)
            {
                int middle = low + ((high - low) / 2);
                if (compare(keys[middle], value) <= 0)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return found;
        }
    }

    private sealed class HashOrder : IComparer<byte[]>
    {
        public static readonly HashOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
