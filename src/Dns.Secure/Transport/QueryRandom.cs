using System.Security.Cryptography;

namespace DnsSecure.Transport;

/// <summary>
/// Unpredictable per-query values — message IDs (RFC 5452 §4.3), DNS 0x20 case bits — drawn from the operating system's
/// CSPRNG (<see cref="RandomNumberGenerator"/>) a block at a time per thread. One call into it costs about 2 µs whatever
/// the size (measured on the benchmark machine), so asking for two octets per query cost more than encoding and sending
/// the query. Every octet handed out is CSPRNG output, used once and wiped from the block; none is derived or reused.
/// </summary>
internal static class QueryRandom
{
    /// <summary>Octets fetched from the CSPRNG at a time (per thread).</summary>
    internal const int BlockSize = 512;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    /// <summary>A uniformly random 16-bit value.</summary>
    public static ushort NextUInt16()
    {
        Span<byte> two = stackalloc byte[2];
        Fill(two);
        return (ushort)((two[0] << 8) | two[1]);
    }

    /// <summary>Fills <paramref name="destination"/> with random octets (a large request goes to the CSPRNG directly).</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        byte[]? block = t_block;
        int next = t_next;
        if (block is null || next + destination.Length > block.Length)
        {
            block ??= t_block = new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            next = 0;
        }

        Span<byte> taken = block.AsSpan(next, destination.Length);
        taken.CopyTo(destination);
        taken.Clear();
        t_next = next + destination.Length;
    }
}
