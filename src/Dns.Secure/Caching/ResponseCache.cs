using System.Buffers.Binary;
using System.Collections.Immutable;
using DnsSecure.Resolution;

namespace DnsSecure.Caching;

/// <summary>
/// A bounded, thread-safe cache of lookup results per question. Positive answers live for the lowest TTL of the
/// answer; negative ones (NXDOMAIN, NODATA) for min(SOA TTL, SOA MINIMUM) of the authority SOA (RFC 2308 §5), and are
/// not cached without one. Entries expire by an injected <see cref="TimeProvider"/>; when full, the least recently
/// used entry goes. A hit returns the records with their remaining TTLs (RFC 1035 §3.2.1); the aged copy is built once
/// per entry and second of age and then shared, so repeated hits allocate nothing.
/// </summary>
internal sealed class ResponseCache
{
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;
    private readonly TimeSpan _maxTtl;
    private readonly TimeSpan _maxNegativeTtl;

    /// <summary>Creates a cache.</summary>
    public ResponseCache(TimeProvider timeProvider, int maxEntries, TimeSpan maxTtl, TimeSpan maxNegativeTtl)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        _timeProvider = timeProvider;
        _maxEntries = maxEntries;
        _maxTtl = maxTtl;
        _maxNegativeTtl = maxNegativeTtl;
    }

    /// <summary>Entries held now (expired ones included until touched).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached result for <paramref name="key"/> with TTLs reduced by its age, or null.</summary>
    public LookupResult? TryGet(CacheKey key)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                return null;
            }

            if (now >= node.Value.Expires)
            {
                _entries.Remove(key);
                _recency.Remove(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            entry = node.Value;
        }

        uint age = (uint)Math.Clamp((now - entry.Stored).TotalSeconds, 0, uint.MaxValue);
        AgedResult? aged = Volatile.Read(ref entry.Aged);
        if (aged is null || aged.Age != age)
        {
            // TTLs only change by whole seconds: one copy serves every hit within the same second of age.
            aged = new AgedResult(age, Aged(entry.Result, age));
            Volatile.Write(ref entry.Aged, aged);
        }

        return aged.Result;
    }

    /// <summary>Stores a successful result when it is cacheable; returns the lifetime given, or null when not stored.</summary>
    public TimeSpan? Store(CacheKey key, LookupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (GetLifetime(result, _maxTtl, _maxNegativeTtl) is not { } lifetime)
        {
            return null;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        var entry = new Entry(key, result, now, now + lifetime);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? existing))
            {
                _recency.Remove(existing);
                _entries.Remove(key);
            }

            while (_entries.Count >= _maxEntries && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries[key] = _recency.AddFirst(entry);
        }

        return lifetime;
    }

    /// <summary>Removes everything.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <summary>
    /// How long <paramref name="result"/> may be cached, or null when it must not be: only complete NOERROR and NXDOMAIN
    /// answers are cached; the answer's records bound the positive lifetime and the SOA the negative one (RFC 2308 §5).
    /// </summary>
    internal static TimeSpan? GetLifetime(LookupResult result, TimeSpan maxTtl, TimeSpan maxNegativeTtl)
    {
        if (result.Status != LookupStatus.Success || result.Response is not { Truncated: false } response)
        {
            return null;
        }

        if (response.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain))
        {
            return null;
        }

        uint ttl = uint.MaxValue;
        foreach (ResourceRecord rr in response.Answers)
        {
            ttl = Math.Min(ttl, rr.Ttl);
        }

        bool answered = response.ResponseCode == ResponseCode.NoError && AnswersQuestion(response, result.Question);
        TimeSpan cap = maxTtl;
        if (!answered)
        {
            // NXDOMAIN or NODATA (RFC 2308 §2): cache only with an SOA, for min(SOA TTL, SOA MINIMUM) (RFC 2308 §5).
            if (FindNegativeTtl(response) is not { } negativeTtl)
            {
                return null;
            }

            ttl = Math.Min(ttl, negativeTtl);
            cap = maxNegativeTtl;
        }

        TimeSpan lifetime = TimeSpan.FromSeconds(ttl);
        if (lifetime > cap)
        {
            lifetime = cap;
        }

        return lifetime > TimeSpan.Zero ? lifetime : null;
    }

    private static bool AnswersQuestion(DnsMessage response, DnsQuestion question)
    {
        // The final owner after following CNAMEs in the answer (RFC 1034 §4.3.2) must hold the asked type.
        DomainName target = question.Name;
        for (int hops = 0; hops <= response.Answers.Length; hops++)
        {
            DomainName? next = null;
            foreach (ResourceRecord rr in response.Answers)
            {
                if (!rr.Name.Equals(target))
                {
                    continue;
                }

                if (rr.Type == question.Type || question.Type == RecordType.ANY)
                {
                    return true;
                }

                if (rr.Type == RecordType.CNAME && next is null)
                {
                    next = ReadTargetName(rr);
                }
            }

            if (next is null)
            {
                return false;
            }

            target = next;
        }

        return false;
    }

    private static DomainName? ReadTargetName(ResourceRecord cname)
    {
        try
        {
            return DomainName.FromWire(cname.Data.ToWire());
        }
        catch (Wire.DnsFormatException)
        {
            return null;
        }
    }

    private static uint? FindNegativeTtl(DnsMessage response)
    {
        foreach (ResourceRecord rr in response.Authorities)
        {
            if (rr.Type != RecordType.SOA)
            {
                continue;
            }

            // RFC 1035 §3.3.13: MINIMUM is the SOA RDATA's last 32-bit field.
            byte[] rdata = rr.Data.ToWire();
            if (rdata.Length < 22)
            {
                return null;
            }

            uint minimum = BinaryPrimitives.ReadUInt32BigEndian(rdata.AsSpan(rdata.Length - 4));
            return Math.Min(rr.Ttl, minimum); // RFC 2308 §5
        }

        return null;
    }

    private static LookupResult Aged(LookupResult result, uint age)
    {
        DnsMessage aged = Age(result.Response!, age);
        return result with
        {
            Response = aged,
            AnswerRrsets = RRSet.Group(aged.Answers),
            FromCache = true,
            Elapsed = TimeSpan.Zero,
            Attempts = 0,
        };
    }

    private static DnsMessage Age(DnsMessage message, uint age) => age == 0
        ? message
        : message with { Answers = Age(message.Answers, age), Authorities = Age(message.Authorities, age), Additionals = Age(message.Additionals, age) };

    private static ImmutableArray<ResourceRecord> Age(ImmutableArray<ResourceRecord> records, uint age)
    {
        if (records.IsEmpty)
        {
            return records;
        }

        var builder = ImmutableArray.CreateBuilder<ResourceRecord>(records.Length);
        foreach (ResourceRecord rr in records)
        {
            builder.Add(rr with { Ttl = rr.Ttl > age ? rr.Ttl - age : 0 });
        }

        return builder.MoveToImmutable();
    }

    private sealed class Entry(CacheKey key, LookupResult result, DateTimeOffset stored, DateTimeOffset expires)
    {
        // The copy handed to hits, for one age in seconds; replaced (not mutated) when the age moves on.
        public AgedResult? Aged;

        public CacheKey Key { get; } = key;

        public LookupResult Result { get; } = result;

        public DateTimeOffset Stored { get; } = stored;

        public DateTimeOffset Expires { get; } = expires;
    }

    private sealed record AgedResult(uint Age, LookupResult Result);
}
