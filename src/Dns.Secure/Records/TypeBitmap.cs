using System.Collections;
using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The set of record types present at a name, as NSEC and NSEC3 records carry it (RFC 4034 §4.1.2, RFC 5155 §3.2.1).
/// Immutable and sorted by type number. The wire form is a sequence of window blocks: window number, bitmap length
/// (1 to 32) and bitmap, windows in ascending order, no block for a window without types, no trailing zero octets.
/// </summary>
public sealed class TypeBitmap : IReadOnlyCollection<RecordType>, IEquatable<TypeBitmap>
{
    private const int MaxWindowBitmapLength = 32;

    private readonly ushort[] _types;
    private readonly byte[] _wire;

    /// <summary>The empty set (an NSEC3 record for an empty non-terminal may carry it, RFC 5155 §7.1).</summary>
    public static TypeBitmap Empty { get; } = new([], []);

    /// <summary>Creates the set of the given types; duplicates are ignored.</summary>
    public TypeBitmap(IEnumerable<RecordType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var set = new SortedSet<ushort>();
        foreach (RecordType t in types)
        {
            set.Add((ushort)t);
        }

        _types = [.. set];
        _wire = Encode(_types);
    }

    private TypeBitmap(ushort[] sortedTypes, byte[] wire)
    {
        _types = sortedTypes;
        _wire = wire;
    }

    /// <summary>Number of types in the set.</summary>
    public int Count => _types.Length;

    /// <summary>True when the set has no types.</summary>
    public bool IsEmpty => _types.Length == 0;

    /// <summary>The wire form (RFC 4034 §4.1.2), which is also its canonical form.</summary>
    public ReadOnlySpan<byte> WireForm => _wire;

    /// <summary>True when <paramref name="type"/> is in the set.</summary>
    public bool Contains(RecordType type) => Array.BinarySearch(_types, (ushort)type) >= 0;

    /// <summary>Decodes the wire form.</summary>
    /// <exception cref="DnsFormatException">The octets are not a valid type bitmap.</exception>
    public static TypeBitmap Decode(ReadOnlySpan<byte> wire) =>
        TryDecodeCore(wire, out TypeBitmap? bitmap, out string? error) ? bitmap : throw new DnsFormatException($"Invalid type bitmap: {error}.");

    /// <summary>Tries to decode the wire form.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> wire, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TypeBitmap? bitmap) =>
        TryDecodeCore(wire, out bitmap, out _);

    /// <summary>Parses a white-space separated list of type mnemonics or <c>TYPE</c><i>n</i> forms, e.g. <c>A RRSIG NSEC</c>.</summary>
    /// <exception cref="DnsFormatException">A token is not a record type.</exception>
    public static TypeBitmap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var types = new List<RecordType>();
        foreach (string token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            types.Add(RecordTypeText.TryParseType(token, out RecordType t) ? t : throw new DnsFormatException($"Unknown record type '{token}' in a type bitmap."));
        }

        return new TypeBitmap(types);
    }

    /// <summary>The types as mnemonics separated by spaces, in type-number order (empty for the empty set).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<RecordType> GetEnumerator()
    {
        foreach (ushort t in _types)
        {
            yield return (RecordType)t;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(TypeBitmap? other) => other is not null && _wire.AsSpan().SequenceEqual(other._wire);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TypeBitmap other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hc = new HashCode();
        hc.AddBytes(_wire);
        return hc.ToHashCode();
    }

    internal static TypeBitmap Read(ref DnsWireReader reader)
    {
        int at = reader.Position;
        return TryDecodeCore(reader.ReadRemaining(), out TypeBitmap? bitmap, out string? error)
            ? bitmap
            : throw DnsWireReader.Error("invalid type bitmap: " + error, at);
    }

    internal static TypeBitmap Parse(RdataTextReader reader)
    {
        List<RecordType> types = reader.ReadRecordTypesToEnd();
        return types.Count == 0 ? Empty : new TypeBitmap(types);
    }

    internal void AppendTo(StringBuilder builder)
    {
        for (int i = 0; i < _types.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(((RecordType)_types[i]).ToText());
        }
    }

    // RFC 4034 §4.1.2: strict decoding, as BIND and Unbound do: windows strictly ascending (so no duplicates),
    // bitmap length 1..32, no trailing zero octet. Anything accepted re-encodes to the same octets, which matters
    // because NSEC/NSEC3 RDATA is signed as received.
    private static bool TryDecodeCore(ReadOnlySpan<byte> wire, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TypeBitmap? bitmap, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        bitmap = null;
        if (wire.IsEmpty)
        {
            bitmap = Empty;
            error = null;
            return true;
        }

        var types = new List<ushort>();
        int lastWindow = -1;
        int pos = 0;
        while (pos < wire.Length)
        {
            if (wire.Length - pos < 2)
            {
                error = "truncated window header";
                return false;
            }

            int window = wire[pos];
            int length = wire[pos + 1];
            if (window <= lastWindow)
            {
                error = $"window {window} follows window {lastWindow}";
                return false;
            }

            if (length is 0 or > MaxWindowBitmapLength)
            {
                error = $"window {window} has bitmap length {length}";
                return false;
            }

            if (wire.Length - pos - 2 < length)
            {
                error = $"window {window} runs past the end of the data";
                return false;
            }

            ReadOnlySpan<byte> bits = wire.Slice(pos + 2, length);
            if (bits[^1] == 0)
            {
                error = $"window {window} has a trailing zero octet";
                return false;
            }

            for (int i = 0; i < bits.Length; i++)
            {
                byte b = bits[i];
                for (int bit = 0; b != 0 && bit < 8; bit++)
                {
                    if ((b & (0x80 >> bit)) != 0)
                    {
                        types.Add((ushort)((window << 8) | (i << 3) | bit));
                    }
                }
            }

            lastWindow = window;
            pos += 2 + length;
        }

        bitmap = new TypeBitmap([.. types], wire.ToArray());
        error = null;
        return true;
    }

    private static byte[] Encode(ushort[] sortedTypes)
    {
        if (sortedTypes.Length == 0)
        {
            return [];
        }

        // At most 256 windows of 2 + 32 octets.
        Span<byte> buffer = stackalloc byte[256 * (2 + MaxWindowBitmapLength)];
        int pos = 0;
        int i = 0;
        while (i < sortedTypes.Length)
        {
            int window = sortedTypes[i] >> 8;
            Span<byte> bits = buffer.Slice(pos + 2, MaxWindowBitmapLength);
            bits.Clear();
            int length = 0;
            for (; i < sortedTypes.Length && sortedTypes[i] >> 8 == window; i++)
            {
                int low = sortedTypes[i] & 0xFF;
                bits[low >> 3] |= (byte)(0x80 >> (low & 7));
                length = (low >> 3) + 1;
            }

            buffer[pos] = (byte)window;
            buffer[pos + 1] = (byte)length;
            pos += 2 + length;
        }

        return buffer[..pos].ToArray();
    }
}
