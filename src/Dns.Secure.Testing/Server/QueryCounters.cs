using System.Collections.Concurrent;

namespace DnsSecure.Testing.Server;

/// <summary>How many queries the server received, per (name, type, transport). Thread-safe.</summary>
public sealed class QueryCounters
{
    private readonly ConcurrentDictionary<(DomainName Name, RecordType Type, ServerTransport Transport), int> _counts = new();
    private int _total;
    private int _malformed;

    /// <summary>All queries received, malformed ones included.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>Queries that could not be decoded (answered FORMERR or dropped).</summary>
    public int Malformed => Volatile.Read(ref _malformed);

    /// <summary>Queries for a name (case-insensitive) and type, over one transport or (null) both.</summary>
    public int Count(DomainName name, RecordType type, ServerTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (transport is ServerTransport t)
        {
            return _counts.GetValueOrDefault((name, type, t));
        }

        return _counts.GetValueOrDefault((name, type, ServerTransport.Udp)) + _counts.GetValueOrDefault((name, type, ServerTransport.Tcp));
    }

    /// <summary>Queries over one transport, for any name.</summary>
    public int Count(ServerTransport transport)
    {
        int sum = 0;
        foreach (KeyValuePair<(DomainName Name, RecordType Type, ServerTransport Transport), int> entry in _counts)
        {
            if (entry.Key.Transport == transport)
            {
                sum += entry.Value;
            }
        }

        return sum;
    }

    /// <summary>A snapshot of every counter.</summary>
    public IReadOnlyDictionary<(DomainName Name, RecordType Type, ServerTransport Transport), int> Snapshot() =>
        new Dictionary<(DomainName, RecordType, ServerTransport), int>(_counts);

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _malformed, 0);
    }

    internal void Record(DnsQuestion question, ServerTransport transport)
    {
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate((question.Name, question.Type, transport), 1, static (_, n) => n + 1);
    }

    internal void RecordMalformed()
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _malformed);
    }
}
