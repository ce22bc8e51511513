namespace DnsSecure.Caching;

/// <summary>
/// A cache key for a name and type: equal when the types are equal and the names equal case-insensitively (RFC 4343 §3).
/// The hash is computed once, when the key is made, so a lookup hashes nothing twice and compares the name's octets only
/// when the hashes already agree.
/// </summary>
internal readonly struct QuestionKey : IEquatable<QuestionKey>
{
    private readonly int _hash;

    /// <summary>Creates the key of <paramref name="name"/>/<paramref name="type"/>.</summary>
    public QuestionKey(DomainName name, RecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Type = type;
        _hash = (name.GetHashCode() * 31) ^ (int)type;
    }

    /// <summary>The name.</summary>
    public DomainName Name { get; }

    /// <summary>The type.</summary>
    public RecordType Type { get; }

    /// <inheritdoc/>
    public bool Equals(QuestionKey other) =>
        _hash == other._hash && Type == other.Type && (ReferenceEquals(Name, other.Name) || Name.Equals(other.Name));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is QuestionKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Equality.</summary>
    public static bool operator ==(QuestionKey left, QuestionKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(QuestionKey left, QuestionKey right) => !left.Equals(right);
}
