using System.Buffers;
using System.Buffers.Binary;

namespace DnsSecure.Wire;

/// <summary>
/// Writes DNS wire format into a growable pooled buffer, with optional name compression
/// (RFC 1035 §4.1.4). Call <see cref="Dispose"/> to return the buffer to the pool.
/// </summary>
internal ref struct DnsWireWriter
{
    private const int MaxCompressionEntries = 512;

    private byte[] _buffer;
    private int _position;
    private int[]? _compressionOffsets;
    private int _compressionCount;

    public DnsWireWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
        _position = 0;
        _compressionOffsets = null;
        _compressionCount = 0;
    }

    /// <summary>Octets written so far.</summary>
    public readonly int Position => _position;

    /// <summary>The written octets.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    /// <summary>Writes a &lt;character-string&gt; (RFC 1035 §3.3).</summary>
    public void WriteCharacterString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > DnsLimits.MaxCharacterStringLength)
        {
            throw new DnsFormatException("A character-string is longer than 255 octets.");
        }

        WriteByte((byte)value.Length);
        WriteBytes(value);
    }

    /// <summary>Reserves two octets for a length to be patched later; returns their offset.</summary>
    public int ReserveUInt16()
    {
        Ensure(2);
        int at = _position;
        _position += 2;
        return at;
    }

    /// <summary>Writes <paramref name="value"/> at an earlier reserved offset.</summary>
    public readonly void PatchUInt16(int offset, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset), value);

    /// <summary>Writes the name; with <paramref name="compress"/>, reuses an earlier suffix through a pointer.</summary>
    public void WriteName(DomainName name, bool compress, bool lowercase = false)
    {
        ReadOnlySpan<byte> wire = name.WireForm;
        if (!compress)
        {
            Ensure(wire.Length);
            name.CopyTo(_buffer.AsSpan(_position), lowercase);
            _position += wire.Length;
            return;
        }

        int labelCount = name.LabelCount;
        int pos = 0;
        for (int label = 0; label < labelCount; label++)
        {
            ReadOnlySpan<byte> suffix = wire[pos..];
            int match = FindSuffix(suffix);
            if (match >= 0)
            {
                WriteUInt16((ushort)(0xC000 | match));
                return;
            }

            if (_position < 0x4000)
            {
                AddCompressionEntry(_position);
            }

            int len = wire[pos];
            Ensure(len + 1);
            wire.Slice(pos, len + 1).CopyTo(_buffer.AsSpan(_position));
            if (lowercase)
            {
                for (int k = 1; k <= len; k++)
                {
                    _buffer[_position + k] = DomainName.AsciiLower(_buffer[_position + k]);
                }
            }

            _position += len + 1;
            pos += len + 1;
        }

        WriteByte(0);
    }

    /// <summary>Copies the written octets into a new array.</summary>
    public readonly byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    /// <summary>Truncates the output to <paramref name="position"/> (used when a record does not fit).</summary>
    public void Truncate(int position)
    {
        _position = position;
        int keep = 0;
        for (int i = 0; i < _compressionCount; i++)
        {
            if (_compressionOffsets![i] < position)
            {
                _compressionOffsets[keep++] = _compressionOffsets[i];
            }
        }

        _compressionCount = keep;
    }

    public void Dispose()
    {
        byte[] b = _buffer;
        _buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }

        if (_compressionOffsets is not null)
        {
            ArrayPool<int>.Shared.Return(_compressionOffsets);
            _compressionOffsets = null;
        }
    }

    private void AddCompressionEntry(int offset)
    {
        _compressionOffsets ??= ArrayPool<int>.Shared.Rent(32);
        if (_compressionCount == _compressionOffsets.Length)
        {
            if (_compressionCount >= MaxCompressionEntries)
            {
                return;
            }

            int[] bigger = ArrayPool<int>.Shared.Rent(_compressionCount * 2);
            _compressionOffsets.AsSpan(0, _compressionCount).CopyTo(bigger);
            ArrayPool<int>.Shared.Return(_compressionOffsets);
            _compressionOffsets = bigger;
        }

        _compressionOffsets[_compressionCount++] = offset;
    }

    private readonly int FindSuffix(scoped ReadOnlySpan<byte> suffix)
    {
        for (int i = 0; i < _compressionCount; i++)
        {
            int offset = _compressionOffsets![i];
            if (SuffixMatches(offset, suffix))
            {
                return offset;
            }
        }

        return -1;
    }

    // Compares the uncompressed suffix with the (possibly pointer-containing) name written at offset.
    private readonly bool SuffixMatches(int offset, scoped ReadOnlySpan<byte> suffix)
    {
        int s = 0;
        int p = offset;
        int guard = 0;
        while (true)
        {
            // Only complete names count: the name being written has no terminating octet yet, and the pooled
            // buffer past _position holds stale data that must never be read as a name (a match there would
            // emit a pointer to the name itself).
            if (p >= _position)
            {
                return false;
            }

            byte b = _buffer[p];
            if ((b & 0xC0) == 0xC0)
            {
                p = ((b & 0x3F) << 8) | _buffer[p + 1];
                if (++guard > DnsLimits.MaxCompressionPointers)
                {
                    return false;
                }

                continue;
            }

            if (b != suffix[s])
            {
                return false;
            }

            if (b == 0)
            {
                return true;
            }

            // Octet-exact, case included: a pointer to a differently cased suffix would change the case of the name the
            // reader gets, and RFC 4343 §4.1 asks that case be preserved (BIND's servers compress case-sensitively too).
            if (!_buffer.AsSpan(p + 1, b).SequenceEqual(suffix.Slice(s + 1, b)))
            {
                return false;
            }

            p += b + 1;
            s += b + 1;
        }
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }

        int size = Math.Max(_buffer.Length * 2, _position + count);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}
