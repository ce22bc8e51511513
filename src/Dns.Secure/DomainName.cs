using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSecure.Wire;

namespace DnsSecure;

/// <summary>
/// An absolute domain name: a sequence of labels ending at the root, stored in uncompressed wire form.
/// Case is preserved; equality, hashing and ordering ignore ASCII case (RFC 4343). Ordering is the
/// canonical DNS name order of RFC 4034 §6.1.
/// </summary>
public sealed class DomainName : IEquatable<DomainName>, IComparable<DomainName>
{
    // Uncompressed wire form, including the terminating zero-length root label.
    private readonly byte[] _wire;
    // Offset of each label's length octet, leftmost first; the root label is not listed.
    private readonly byte[] _labelOffsets;
    private int _hash;

    /// <summary>The root name, <c>.</c>.</summary>
    public static DomainName Root { get; } = new([0], []);

    private DomainName(byte[] wire, byte[] labelOffsets)
    {
        _wire = wire;
        _labelOffsets = labelOffsets;
    }

    /// <summary>Number of labels, not counting the root label (<c>www.example.com.</c> has 3).</summary>
    public int LabelCount => _labelOffsets.Length;

    /// <summary>Length of the name in uncompressed wire form, including the root label.</summary>
    public int WireLength => _wire.Length;

    /// <summary>True for the root name.</summary>
    public bool IsRoot => _labelOffsets.Length == 0;

    /// <summary>True when the leftmost label is the single octet <c>*</c> (RFC 4592).</summary>
    public bool IsWildcard => _labelOffsets.Length > 0 && _wire[0] == 1 && _wire[1] == (byte)'*';

    /// <summary>The uncompressed wire form, case preserved.</summary>
    public ReadOnlySpan<byte> WireForm => _wire;

    /// <summary>The octets of label <paramref name="index"/>, 0 being the leftmost.</summary>
    public ReadOnlySpan<byte> GetLabel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _labelOffsets.Length);
        int offset = _labelOffsets[index];
        return _wire.AsSpan(offset + 1, _wire[offset]);
    }

    /// <summary>The name with the leftmost label removed; the root's parent is the root.</summary>
    public DomainName Parent() => IsRoot ? this : GetAncestor(LabelCount - 1);

    /// <summary>The ancestor that keeps the rightmost <paramref name="labelCount"/> labels.</summary>
    public DomainName GetAncestor(int labelCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(labelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labelCount, LabelCount);
        if (labelCount == LabelCount)
        {
            return this;
        }

        if (labelCount == 0)
        {
            return Root;
        }

        int skip = LabelCount - labelCount;
        int start = _labelOffsets[skip];
        byte[] wire = _wire.AsSpan(start).ToArray();
        byte[] offsets = new byte[labelCount];
        for (int i = 0; i < labelCount; i++)
        {
            offsets[i] = (byte)(_labelOffsets[skip + i] - start);
        }

        return new DomainName(wire, offsets);
    }

    /// <summary>A name with <paramref name="label"/> prepended (e.g. <c>*</c> or <c>_443</c>).</summary>
    /// <exception cref="DnsFormatException">The label or the resulting name is too long or empty.</exception>
    public DomainName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > DnsLimits.MaxLabelLength)
        {
            throw new DnsFormatException($"A label must have 1 to {DnsLimits.MaxLabelLength} octets.");
        }

        int length = _wire.Length + 1 + label.Length;
        if (length > DnsLimits.MaxNameLength)
        {
            throw new DnsFormatException($"The name would exceed {DnsLimits.MaxNameLength} octets.");
        }

        byte[] wire = new byte[length];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire.AsSpan(1 + label.Length));
        byte[] offsets = new byte[_labelOffsets.Length + 1];
        for (int i = 0; i < _labelOffsets.Length; i++)
        {
            offsets[i + 1] = (byte)(_labelOffsets[i] + 1 + label.Length);
        }

        return new DomainName(wire, offsets);
    }

    /// <summary>A name with the text label prepended, e.g. <c>name.Prepend("_25")</c>.</summary>
    public DomainName Prepend(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return Prepend(Encoding.ASCII.GetBytes(label));
    }

    /// <summary>Concatenates this relative-looking name with <paramref name="suffix"/>: labels of this name, then those of the suffix.</summary>
    public DomainName Concat(DomainName suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        if (IsRoot)
        {
            return suffix;
        }

        int length = _wire.Length - 1 + suffix._wire.Length;
        if (length > DnsLimits.MaxNameLength)
        {
            throw new DnsFormatException($"The name would exceed {DnsLimits.MaxNameLength} octets.");
        }

        byte[] wire = new byte[length];
        _wire.AsSpan(0, _wire.Length - 1).CopyTo(wire);
        suffix._wire.CopyTo(wire.AsSpan(_wire.Length - 1));
        return FromValidatedWire(wire);
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsSubdomainOf(DomainName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        int diff = LabelCount - ancestor.LabelCount;
        if (diff < 0)
        {
            return false;
        }

        int start = diff == LabelCount ? _wire.Length - 1 : _labelOffsets[diff];
        return EqualsIgnoreCase(_wire.AsSpan(start), ancestor._wire);
    }

    /// <summary>True when this name lies strictly below <paramref name="ancestor"/>.</summary>
    public bool IsStrictSubdomainOf(DomainName ancestor) =>
        LabelCount > ancestor.LabelCount && IsSubdomainOf(ancestor);

    /// <summary>Number of rightmost labels this name shares with <paramref name="other"/> (case-insensitive).</summary>
    public int CountCommonSuffixLabels(DomainName other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int common = 0;
        int i = LabelCount - 1, j = other.LabelCount - 1;
        while (i >= 0 && j >= 0 && LabelEquals(GetLabel(i), other.GetLabel(j)))
        {
            common++;
            i--;
            j--;
        }

        return common;
    }

    /// <summary>This name with ASCII letters lowercased (RFC 4034 §6.2).</summary>
    public DomainName ToLowerCase()
    {
        int i = Array.FindIndex(_wire, b => b is >= (byte)'A' and <= (byte)'Z');
        if (i < 0)
        {
            return this;
        }

        byte[] wire = (byte[])_wire.Clone();
        for (; i < wire.Length; i++)
        {
            wire[i] = AsciiLower(wire[i]);
        }

        // Length octets are at most 63, so lowercasing never changes them.
        return new DomainName(wire, _labelOffsets);
    }

    /// <summary>Writes the uncompressed wire form, optionally lowercased.</summary>
    public int CopyTo(Span<byte> destination, bool lowercase = false)
    {
        _wire.CopyTo(destination);
        if (lowercase)
        {
            for (int i = 0; i < _wire.Length; i++)
            {
                destination[i] = AsciiLower(destination[i]);
            }
        }

        return _wire.Length;
    }

    /// <summary>Parses an absolute name in presentation format; a missing final dot is allowed.</summary>
    /// <exception cref="DnsFormatException">The text is not a valid name.</exception>
    public static DomainName Parse(string text) => Parse(text, Root);

    /// <summary>Parses a name in presentation format; names without a final dot are relative to <paramref name="origin"/>; <c>@</c> is the origin.</summary>
    /// <exception cref="DnsFormatException">The text is not a valid name.</exception>
    public static DomainName Parse(string text, DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(origin);
        return TryParseCore(text.AsSpan(), origin, out DomainName? name, out string? error)
            ? name
            : throw new DnsFormatException($"Invalid domain name '{text}': {error}");
    }

    /// <summary>Parses a name from a span of presentation text, relative to <paramref name="origin"/>.</summary>
    /// <exception cref="DnsFormatException">The text is not a valid name.</exception>
    public static DomainName Parse(ReadOnlySpan<char> text, DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return TryParseCore(text, origin, out DomainName? name, out string? error)
            ? name
            : throw new DnsFormatException($"Invalid domain name '{text}': {error}");
    }

    /// <summary>Tries to parse an absolute name; a missing final dot is allowed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DomainName? name)
    {
        if (text is null)
        {
            name = null;
            return false;
        }

        return TryParseCore(text.AsSpan(), Root, out name, out _);
    }

    /// <summary>Builds a name from wire form that the caller has already checked.</summary>
    internal static DomainName FromValidatedWire(byte[] wire)
    {
        Span<byte> offsets = stackalloc byte[DnsLimits.MaxLabels + 1];
        int count = 0;
        int pos = 0;
        while (wire[pos] != 0)
        {
            offsets[count++] = (byte)pos;
            pos += wire[pos] + 1;
        }

        return wire.Length == 1 ? Root : new DomainName(wire, offsets[..count].ToArray());
    }

    /// <summary>Builds a name from an uncompressed wire form, validating it.</summary>
    /// <exception cref="DnsFormatException">The bytes are not one valid uncompressed name.</exception>
    public static DomainName FromWire(ReadOnlySpan<byte> wire)
    {
        int pos = 0;
        int labels = 0;
        while (true)
        {
            if (pos >= wire.Length)
            {
                throw new DnsFormatException("The name runs past the end of its data.");
            }

            int len = wire[pos];
            if (len == 0)
            {
                break;
            }

            if (len > DnsLimits.MaxLabelLength)
            {
                throw new DnsFormatException("A label is longer than 63 octets or uses a reserved label type.");
            }

            pos += len + 1;
            labels++;
            if (pos >= DnsLimits.MaxNameLength)
            {
                throw new DnsFormatException("The name is longer than 255 octets.");
            }
        }

        if (pos + 1 != wire.Length)
        {
            throw new DnsFormatException("Trailing data after the name.");
        }

        return labels == 0 ? Root : FromValidatedWire(wire.ToArray());
    }

    /// <summary>Presentation format with a final dot; special characters escaped (<c>\.</c>, <c>\DDD</c>).</summary>
    public override string ToString()
    {
        if (IsRoot)
        {
            return ".";
        }

        var sb = new StringBuilder(_wire.Length + 8);
        AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>Appends the presentation form to <paramref name="builder"/>.</summary>
    internal void AppendTo(StringBuilder builder)
    {
        if (IsRoot)
        {
            builder.Append('.');
            return;
        }

        for (int i = 0; i < LabelCount; i++)
        {
            AppendLabel(builder, GetLabel(i));
            builder.Append('.');
        }
    }

    /// <summary>Appends one label with RFC 1035 §5.1 escapes.</summary>
    internal static void AppendLabel(StringBuilder builder, ReadOnlySpan<byte> label)
    {
        foreach (byte b in label)
        {
            switch (b)
            {
                case (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$':
                    builder.Append('\\').Append((char)b);
                    break;
                case <= 0x20 or >= 0x7F:
                    builder.Append('\\').Append((b / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Append((b / 10 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Append((b % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append((char)b);
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(DomainName? other) =>
        other is not null && (ReferenceEquals(this, other) || (_wire.Length == other._wire.Length && EqualsIgnoreCase(_wire, other._wire)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DomainName other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hc = new HashCode();
            foreach (byte b in _wire)
            {
                hc.Add(AsciiLower(b));
            }

            int h = hc.ToHashCode();
            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    /// <summary>Canonical DNS name order (RFC 4034 §6.1): compare labels right to left, each as lowercased octets.</summary>
    public int CompareTo(DomainName? other)
    {
        if (other is null)
        {
            return 1;
        }

        int i = LabelCount - 1, j = other.LabelCount - 1;
        while (i >= 0 && j >= 0)
        {
            int c = CompareLabels(GetLabel(i), other.GetLabel(j));
            if (c != 0)
            {
                return c;
            }

            i--;
            j--;
        }

        return LabelCount.CompareTo(other.LabelCount);
    }

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(DomainName? left, DomainName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(DomainName? left, DomainName? right) => !(left == right);

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator <(DomainName left, DomainName right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator >(DomainName left, DomainName right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator <=(DomainName left, DomainName right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator >=(DomainName left, DomainName right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>Compares two labels as lowercased octet strings; a shorter prefix sorts first.</summary>
    internal static int CompareLabels(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int k = 0; k < n; k++)
        {
            int c = AsciiLower(a[k]) - AsciiLower(b[k]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length - b.Length;
    }

    internal static bool LabelEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && EqualsIgnoreCase(a, b);

    internal static byte AsciiLower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] != b[k] && AsciiLower(a[k]) != AsciiLower(b[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseCore(ReadOnlySpan<char> text, DomainName origin, [NotNullWhen(true)] out DomainName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (text.IsEmpty)
        {
            error = "the name is empty";
            return false;
        }

        if (text is "@")
        {
            name = origin;
            error = null;
            return true;
        }

        if (text is ".")
        {
            name = Root;
            error = null;
            return true;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxNameLength + 64);
        try
        {
            int pos = 0; // write position in buffer
            int labelStart = 0;
            int labelLength = 0;
            bool absolute = false;
            buffer[0] = 0;
            pos = 1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    if (labelLength == 0)
                    {
                        error = "empty label";
                        return false;
                    }

                    buffer[labelStart] = (byte)labelLength;
                    if (i == text.Length - 1)
                    {
                        absolute = true;
                    }

                    labelStart = pos;
                    labelLength = 0;
                    buffer[pos++] = 0;
                    if (pos > DnsLimits.MaxNameLength)
                    {
                        error = "longer than 255 octets";
                        return false;
                    }

                    continue;
                }

                byte value;
                if (c == '\\')
                {
                    if (i + 1 >= text.Length)
                    {
                        error = "dangling backslash";
                        return false;
                    }

                    char next = text[i + 1];
                    if (char.IsAsciiDigit(next))
                    {
                        if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                        {
                            error = "\\DDD escape needs three digits";
                            return false;
                        }

                        int v = ((next - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                        if (v > 255)
                        {
                            error = "\\DDD escape above 255";
                            return false;
                        }

                        value = (byte)v;
                        i += 3;
                    }
                    else
                    {
                        if (next > 0x7E)
                        {
                            error = "non-ASCII character";
                            return false;
                        }

                        value = (byte)next;
                        i += 1;
                    }
                }
                else
                {
                    if (c > 0x7E || c < 0x21)
                    {
                        error = c > 0x7E ? "non-ASCII character (use \\DDD escapes or punycode)" : "unescaped space or control character";
                        return false;
                    }

                    value = (byte)c;
                }

                if (++labelLength > DnsLimits.MaxLabelLength)
                {
                    error = "a label is longer than 63 octets";
                    return false;
                }

                buffer[pos++] = value;
                if (pos > DnsLimits.MaxNameLength)
                {
                    error = "longer than 255 octets";
                    return false;
                }
            }

            if (labelLength > 0)
            {
                buffer[labelStart] = (byte)labelLength;
                labelStart = pos;
                buffer[pos++] = 0;
            }

            // buffer[0..pos) now holds labels and a final zero length octet.
            if (absolute || origin.IsRoot)
            {
                if (pos > DnsLimits.MaxNameLength)
                {
                    error = "longer than 255 octets";
                    return false;
                }

                name = FromValidatedWire(buffer.AsSpan(0, pos).ToArray());
                error = null;
                return true;
            }

            int total = pos - 1 + origin.WireLength;
            if (total > DnsLimits.MaxNameLength)
            {
                error = "longer than 255 octets with the origin appended";
                return false;
            }

            byte[] wire = new byte[total];
            buffer.AsSpan(0, pos - 1).CopyTo(wire);
            origin._wire.CopyTo(wire.AsSpan(pos - 1));
            name = FromValidatedWire(wire);
            error = null;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
