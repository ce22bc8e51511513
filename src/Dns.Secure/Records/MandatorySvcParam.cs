using System.Collections.Immutable;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>mandatory</c> SvcParam: keys a client must understand to use the record (RFC 9460 §8).</summary>
public sealed class MandatorySvcParam : SvcParam
{
    /// <summary>Creates the parameter; the keys are kept in increasing order.</summary>
    /// <exception cref="ArgumentException">The list is empty, has duplicates or contains <c>mandatory</c> itself.</exception>
    public MandatorySvcParam(IEnumerable<SvcParamKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ImmutableArray<SvcParamKey> sorted = [.. keys.Order()];
        string? error = Check(sorted);
        Keys = error is null ? sorted : throw new ArgumentException(error, nameof(keys));
    }

    private MandatorySvcParam(ImmutableArray<SvcParamKey> sorted) => Keys = sorted;

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Mandatory;

    /// <summary>The mandatory keys, in increasing numeric order.</summary>
    public ImmutableArray<SvcParamKey> Keys { get; }

    internal static MandatorySvcParam Decode(ReadOnlySpan<byte> value)
    {
        // RFC 9460 §8: a non-empty list of 2-octet keys in strictly increasing order.
        if (value.Length == 0 || value.Length % 2 != 0)
        {
            throw Malformed("mandatory is not a non-empty list of 2-octet keys");
        }

        var keys = ImmutableArray.CreateBuilder<SvcParamKey>(value.Length / 2);
        for (int i = 0; i < value.Length; i += 2)
        {
            var key = (SvcParamKey)((value[i] << 8) | value[i + 1]);
            if (keys.Count > 0 && key <= keys[^1])
            {
                throw Malformed("mandatory keys are not in strictly increasing order");
            }

            keys.Add(key);
        }

        ImmutableArray<SvcParamKey> result = keys.MoveToImmutable();
        string? error = Check(result);
        return error is null ? new MandatorySvcParam(result) : throw Malformed(error);
    }

    internal static MandatorySvcParam ParseValue(byte[] value)
    {
        var keys = new List<SvcParamKey>();
        foreach (byte[] item in SplitValueList(value, SvcParamKey.Mandatory))
        {
            if (!TryParseKey(Encoding.ASCII.GetString(item), out SvcParamKey key) || item.AsSpan().IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
            {
                throw Malformed($"'{Encoding.ASCII.GetString(item)}' is not a SvcParamKey");
            }

            // RFC 9460 §8: keys may appear in any order in text, but only once.
            if (keys.Contains(key))
            {
                throw Malformed($"mandatory lists {KeyToText(key)} twice");
            }

            keys.Add(key);
        }

        keys.Sort();
        ImmutableArray<SvcParamKey> sorted = [.. keys];
        string? error = Check(sorted);
        return error is null ? new MandatorySvcParam(sorted) : throw Malformed(error);
    }

    internal override void WriteValue(ref DnsWireWriter writer)
    {
        foreach (SvcParamKey key in Keys)
        {
            writer.WriteUInt16((ushort)key);
        }
    }

    internal override void AppendValueText(StringBuilder builder)
    {
        builder.Append('=');
        for (int i = 0; i < Keys.Length; i++)
        {
            builder.Append(i > 0 ? "," : string.Empty).Append(KeyToText(Keys[i]));
        }
    }

    // RFC 9460 §8: non-empty, no duplicates, and "mandatory" never lists itself.
    private static string? Check(ImmutableArray<SvcParamKey> sorted)
    {
        if (sorted.IsEmpty)
        {
            return "mandatory needs at least one key";
        }

        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] == SvcParamKey.Mandatory)
            {
                return "mandatory must not list itself";
            }

            if (i > 0 && sorted[i] == sorted[i - 1])
            {
                return "mandatory lists a key twice";
            }
        }

        return null;
    }
}
