using System.Buffers.Binary;

namespace DnsSecure.Wire;

/// <summary>
/// Reads DNS wire format from a whole message (so that compression pointers can be followed) within a
/// moving limit (the end of the message, or of the RDATA being read). Every failure is a
/// <see cref="DnsFormatException"/>; no read goes past <see cref="End"/>.
/// </summary>
internal ref struct DnsWireReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private int _end;

    // Names this reader decoded, by the offset they start at and how many pointers reading from there followed. Names in a
    // response are mostly a bare pointer to a name read before (the question's, a zone's): those get the same (immutable)
    // instance instead of a new copy.
    private NameSlots _names;
    private int _nameCount;

    public DnsWireReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _position = 0;
        _end = message.Length;
    }

    public DnsWireReader(ReadOnlySpan<byte> message, int position, int end)
    {
        _message = message;
        _position = position;
        _end = end;
    }

    /// <summary>The whole message.</summary>
    public readonly ReadOnlySpan<byte> Message => _message;

    /// <summary>Offset of the next octet to read.</summary>
    public readonly int Position => _position;

    /// <summary>Offset one past the last octet that may be read.</summary>
    public readonly int End => _end;

    /// <summary>Octets left before <see cref="End"/>.</summary>
    public readonly int Remaining => _end - _position;

    /// <summary>Sets a new limit, returning the old one so the caller can restore it.</summary>
    public int PushLimit(int length)
    {
        Need(length);
        int old = _end;
        _end = _position + length;
        return old;
    }

    /// <summary>Restores the limit saved by <see cref="PushLimit"/>.</summary>
    public void PopLimit(int oldEnd) => _end = oldEnd;

    public byte ReadByte()
    {
        Need(1);
        return _message[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        ushort v = BinaryPrimitives.ReadUInt16BigEndian(_message.Slice(_position));
        _position += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4);
        uint v = BinaryPrimitives.ReadUInt32BigEndian(_message.Slice(_position));
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        Need(length);
        ReadOnlySpan<byte> s = _message.Slice(_position, length);
        _position += length;
        return s;
    }

    /// <summary>Reads the rest of the current limit.</summary>
    public ReadOnlySpan<byte> ReadRemaining() => ReadBytes(Remaining);

    /// <summary>Reads a &lt;character-string&gt;: a length octet and that many octets (RFC 1035 §3.3).</summary>
    public ReadOnlySpan<byte> ReadCharacterString()
    {
        int length = ReadByte();
        return ReadBytes(length);
    }

    /// <summary>
    /// Reads a possibly compressed name. Pointers must point strictly before every octet of the name read
    /// so far, which makes loops impossible and bounds the work by the message size.
    /// </summary>
    public DomainName ReadName(bool allowCompression = true)
    {
        Span<byte> buffer = stackalloc byte[DnsLimits.MaxNameLength];
        int length = 0;
        int start = _position;
        int pos = _position;
        int lowestVisited = _position;
        bool jumped = false;
        int pointers = 0;
        int bareTarget = -1;
        while (true)
        {
            int limit = jumped ? _message.Length : _end;
            if (pos >= limit)
            {
                throw Error("name runs past the end of its data", pos);
            }

            byte b = _message[pos];
            switch (b & 0xC0)
            {
                case 0x00:
                    if (b == 0)
                    {
                        buffer[length++] = 0;
                        if (!jumped)
                        {
                            _position = pos + 1;
                        }

                        DomainName name = length == 1 ? DomainName.Root : DomainName.FromValidatedWire(buffer[..length].ToArray());
                        if (bareTarget >= 0)
                        {
                            // A bare pointer: the name starts at its target, and reading from there followed one pointer less.
                            Remember(bareTarget, name, pointers - 1);
                        }
                        else
                        {
                            Remember(start, name, pointers);
                        }

                        return name;
                    }

                    if (pos + 1 + b > limit)
                    {
                        throw Error("label runs past the end of its data", pos);
                    }

                    if (length + 1 + b + 1 > DnsLimits.MaxNameLength)
                    {
                        throw Error("name longer than 255 octets", pos);
                    }

                    _message.Slice(pos, b + 1).CopyTo(buffer[length..]);
                    length += b + 1;
                    pos += b + 1;
                    break;
                case 0xC0:
                    if (!allowCompression)
                    {
                        throw Error("compression pointer where compression is not allowed", pos);
                    }

                    if (pos + 1 >= limit)
                    {
                        throw Error("truncated compression pointer", pos);
                    }

                    int target = ((b & 0x3F) << 8) | _message[pos + 1];
                    if (!jumped)
                    {
                        _position = pos + 2;
                    }

                    // RFC 1035 §4.1.4 pointers refer to a prior occurrence; require strictly backward jumps.
                    if (target >= lowestVisited || ++pointers > DnsLimits.MaxCompressionPointers)
                    {
                        throw Error("compression pointer does not point backward", pos);
                    }

                    if (length == 0 && !jumped)
                    {
                        if (TryRecall(target, pointers, out DomainName? known))
                        {
                            // The whole name is a pointer to a name read before: reading it again would pass the same
                            // checks (jumps strictly backward, within the pointer limit; a wider limit than an in-place
                            // read had) and give the same octets.
                            return known;
                        }

                        bareTarget = target;
                    }

                    lowestVisited = target;
                    jumped = true;
                    pos = target;
                    break;
                default:
                    // 0x40 (extended label types, RFC 6891 §5) and 0x80 are not supported.
                    throw Error("reserved label type", pos);
            }
        }
    }

    private void Remember(int at, DomainName name, int pointers)
    {
        if (_nameCount < NameSlots.Length)
        {
            _names[_nameCount++] = new NameSlot(at, pointers, name);
        }
    }

    private readonly bool TryRecall(int at, int pointersSoFar, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainName? name)
    {
        for (int i = 0; i < _nameCount; i++)
        {
            NameSlot slot = _names[i];
            if (slot.At == at && pointersSoFar + slot.Pointers <= DnsLimits.MaxCompressionPointers)
            {
                name = slot.Name;
                return true;
            }
        }

        name = null;
        return false;
    }

    private readonly void Need(int count)
    {
        if (count < 0 || count > _end - _position)
        {
            throw Error($"needed {count} octets, {_end - _position} left", _position);
        }
    }

    internal static DnsFormatException Error(string message, int position) =>
        new($"Malformed DNS message at offset {position}: {message}.") { Position = position };
}

/// <summary>A name a <see cref="DnsWireReader"/> decoded: where it starts and how many pointers reading from there followed.</summary>
internal readonly record struct NameSlot(int At, int Pointers, DomainName Name);

/// <summary>The names a <see cref="DnsWireReader"/> remembers (the first few of a message; the rest are decoded each time).</summary>
[System.Runtime.CompilerServices.InlineArray(Length)]
internal struct NameSlots
{
    public const int Length = 8;

    private NameSlot _first;
}
