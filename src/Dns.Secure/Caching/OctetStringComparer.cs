namespace DnsSecure.Caching;

/// <summary>
/// Compares octet strings octet for octet, stored as arrays and probed with spans, for
/// <see cref="BoundedLruCache{TKey, TProbe, TValue}"/> keyed by exact octets. The hash is seeded randomly per process
/// (<see cref="HashCode"/>), so that a peer cannot aim many keys at one bucket. Also compiled into Dane.Sockets.
/// </summary>
internal sealed class OctetStringComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    /// <summary>The one instance.</summary>
    public static OctetStringComparer Instance { get; } = new();

    /// <inheritdoc/>
    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    /// <inheritdoc/>
    public int GetHashCode(byte[] obj) => Hash(obj);

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <inheritdoc/>
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> octets)
    {
        var hash = new HashCode();
        hash.AddBytes(octets);
        return hash.ToHashCode();
    }
}
