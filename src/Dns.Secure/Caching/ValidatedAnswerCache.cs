using System.Collections.Concurrent;

namespace DnsSecure.Caching;

/// <summary>
/// The validating resolver's cache of verdicts per question: a bounded, thread-safe map from <see cref="QuestionKey"/>
/// (name case-insensitively, type) to a value with its expiry. A hit neither allocates nor locks: one dictionary probe
/// with the key's precomputed hash and one clock reading. Expiry follows the injected clock's <see cref="TimeProvider.GetUtcNow"/>,
/// so tests can move time. When the map grows past its capacity, expired entries go first, then the least recently used until three
/// quarters of the capacity remain, so eviction runs rarely.
/// </summary>
/// <typeparam name="TValue">The cached value (immutable: it is handed to every caller as is).</typeparam>
internal sealed class ValidatedAnswerCache<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<QuestionKey, Entry> _entries = new();
    private readonly Lock _evictionLock = new();
    private readonly TimeProvider _time;
    private int _count;
    private long _clock;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> answers, timed by <paramref name="timeProvider"/>.</summary>
    public ValidatedAnswerCache(int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Capacity = capacity;
        _time = timeProvider;
    }

    /// <summary>The most answers held.</summary>
    public int Capacity { get; }

    /// <summary>Answers held now (expired ones included until touched or evicted).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The unexpired value for <paramref name="key"/>; an expired one is removed.</summary>
    public bool TryGet(in QuestionKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value) =>
        TryGet(key, out value, out _);

    /// <summary>The unexpired value for <paramref name="key"/> and how long it has left; an expired one is removed.</summary>
    public bool TryGet(in QuestionKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value, out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (_entries.TryGetValue(key, out Entry? entry))
        {
            long now = _time.GetUtcNow().UtcTicks;
            if (now < entry.Expires)
            {
                // Approximate recency, written without synchronisation: enough to choose what to evict.
                entry.LastUsed = ++_clock;
                value = entry.Value;
                remaining = TimeSpan.FromTicks(entry.Expires - now);
                return true;
            }

            if (_entries.TryRemove(new KeyValuePair<QuestionKey, Entry>(key, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        value = null;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="lifetime"/> (nothing when it is not positive).</summary>
    public void Set(in QuestionKey key, TValue value, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;
        var entry = new Entry(value, now + Math.Min(lifetime.Ticks, DateTimeOffset.MaxValue.UtcTicks - now)) { LastUsed = ++_clock };
        if (!_entries.TryAdd(key, entry))
        {
            _entries[key] = entry;
        }
        else if (Interlocked.Increment(ref _count) > Capacity)
        {
            Evict();
        }
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        lock (_evictionLock)
        {
            foreach (KeyValuePair<QuestionKey, Entry> pair in _entries)
            {
                if (_entries.TryRemove(pair))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    private void Evict()
    {
        lock (_evictionLock)
        {
            if (Volatile.Read(ref _count) <= Capacity)
            {
                return;
            }

            long now = _time.GetUtcNow().UtcTicks;
            // ConcurrentDictionary.ToArray takes every lock: a consistent snapshot even while other threads add.
            KeyValuePair<QuestionKey, Entry>[] snapshot = _entries.ToArray();
            int live = 0;
            foreach (KeyValuePair<QuestionKey, Entry> pair in snapshot)
            {
                if (pair.Value.Expires <= now)
                {
                    Remove(pair);
                }
                else
                {
                    snapshot[live++] = pair;
                }
            }

            int target = Capacity - (Capacity / 4);
            if (live <= target)
            {
                return;
            }

            long[] recency = new long[live];
            for (int i = 0; i < live; i++)
            {
                recency[i] = snapshot[i].Value.LastUsed;
            }

            Array.Sort(recency, snapshot, 0, live);
            for (int i = 0; i < live - target; i++)
            {
                Remove(snapshot[i]);
            }
        }
    }

    private void Remove(KeyValuePair<QuestionKey, Entry> pair)
    {
        if (_entries.TryRemove(pair))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed class Entry(TValue value, long expires)
    {
        public TValue Value { get; } = value;

        /// <summary>Expiry in UTC ticks.</summary>
        public long Expires { get; } = expires;

        public long LastUsed { get; set; }
    }
}
