using System.Buffers.Binary;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of DNS messages: bit flips, interesting octets, inserts, deletes, truncations,
/// corruption of length fields, counts and compression pointers, and splicing of two messages. One
/// <see cref="Random"/> with a fixed seed drives everything, so a failing input can be reproduced from its index.
/// </summary>
internal sealed class WireMutator
{
    private static readonly byte[] s_interesting = [0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xFE, 0xFF];
    private static readonly ushort[] s_interesting16 = [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x4000, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _seeds;
    private readonly WireFieldMap[] _maps;

    public WireMutator(int seed, IReadOnlyList<byte[]> seeds)
    {
        _random = new Random(seed);
        _seeds = seeds;
        _maps = seeds.Select(WireFieldMap.Build).ToArray();
    }

    /// <summary>Name of the last mutation applied (for failure messages).</summary>
    public string LastMutation { get; private set; } = string.Empty;

    /// <summary>Produces the next mutated input: one to four stacked mutations of a random seed.</summary>
    public byte[] Next()
    {
        int index = _random.Next(_seeds.Count);
        var data = new List<byte>(_seeds[index]);
        WireFieldMap map = _maps[index];
        int rounds = 1 + _random.Next(4);
        var names = new List<string>(rounds);
        for (int r = 0; r < rounds; r++)
        {
            // Structural mutations use offsets of the original seed: only meaningful before any length change,
            // but applying them afterwards still produces interesting garbage.
            names.Add(Mutate(data, map));
        }

        LastMutation = $"seed #{index}: {string.Join(", ", names)}";
        return data.ToArray();
    }

    private string Mutate(List<byte> data, WireFieldMap map)
    {
        switch (_random.Next(13))
        {
            case 0:
                if (data.Count == 0) { goto case 5; }
                int bit = _random.Next(data.Count * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                return "bit flip";
            case 1:
                if (data.Count == 0) { goto case 5; }
                data[_random.Next(data.Count)] = s_interesting[_random.Next(s_interesting.Length)];
                return "interesting octet";
            case 2:
                if (data.Count == 0) { goto case 5; }
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                return "random octet";
            case 3:
                {
                    int at = _random.Next(data.Count + 1);
                    int n = 1 + _random.Next(_random.Next(2) == 0 ? 4 : 64);
                    var bytes = new byte[n];
                    _random.NextBytes(bytes);
                    data.InsertRange(at, bytes);
                    return "insert";
                }

            case 4:
                {
                    if (data.Count == 0) { goto case 5; }
                    int at = _random.Next(data.Count);
                    int n = Math.Min(data.Count - at, 1 + _random.Next(_random.Next(2) == 0 ? 4 : 64));
                    data.RemoveRange(at, n);
                    return "delete";
                }

            case 5:
                {
                    int keep = _random.Next(data.Count + 1);
                    data.RemoveRange(keep, data.Count - keep);
                    return "truncate";
                }

            case 6:
                {
                    int at = Pick(map.RdLengthFields);
                    return SetUInt16(data, at, Corrupt16(data, at)) ? "rdlength" : Mutate(data, map);
                }

            case 7:
                {
                    int at = Pick(map.CountFields);
                    return SetUInt16(data, at, Corrupt16(data, at)) ? "section count" : Mutate(data, map);
                }

            case 8:
                {
                    int at = Pick(map.LabelLengths);
                    if (at < 0 || at >= data.Count) { return Mutate(data, map); }
                    data[at] = _random.Next(3) switch
                    {
                        0 => (byte)_random.Next(64),
                        1 => s_interesting[_random.Next(s_interesting.Length)],
                        _ => (byte)(data[at] + _random.Next(-3, 4)),
                    };
                    return "label length";
                }

            case 9:
                {
                    int at = Pick(map.Pointers);
                    if (at < 0 || at + 1 >= data.Count) { return Mutate(data, map); }
                    int target = _random.Next(4) switch
                    {
                        0 => at,                                   // points at itself
                        1 => at + _random.Next(1, 64),             // forward
                        2 => _random.Next(Math.Max(1, data.Count)), // anywhere
                        _ => _random.Next(0x4000),                 // anywhere the 14 bits reach
                    };
                    data[at] = (byte)(0xC0 | ((target >> 8) & 0x3F));
                    data[at + 1] = (byte)target;
                    return "pointer";
                }

            case 10:
                {
                    int at = Pick(map.TypeFields);
                    if (at < 0 || at + 1 >= data.Count) { return Mutate(data, map); }
                    // Re-type a record: its RDATA is then read by another type's decoder.
                    ushort type = _random.Next(3) == 0 ? (ushort)_random.Next(65536) : (ushort)_random.Next(1, 66);
                    SetUInt16(data, at, type);
                    return "record type";
                }

            case 11:
                {
                    // Splice: a prefix of this input and a suffix of another seed.
                    byte[] other = _seeds[_random.Next(_seeds.Count)];
                    int cut = _random.Next(data.Count + 1);
                    int from = _random.Next(other.Length + 1);
                    data.RemoveRange(cut, data.Count - cut);
                    data.AddRange(other.AsSpan(from).ToArray());
                    return "splice";
                }

            default:
                {
                    // Copy a block within the message (duplicates records, names, RDATA).
                    if (data.Count < 2) { goto case 3; }
                    int from = _random.Next(data.Count);
                    int n = Math.Min(data.Count - from, 1 + _random.Next(128));
                    byte[] block = data.GetRange(from, n).ToArray();
                    data.InsertRange(_random.Next(data.Count + 1), block);
                    return "duplicate block";
                }
        }
    }

    private int Pick(List<int> offsets) => offsets.Count == 0 ? -1 : offsets[_random.Next(offsets.Count)];

    private ushort Corrupt16(List<byte> data, int at)
    {
        ushort current = at >= 0 && at + 1 < data.Count ? (ushort)((data[at] << 8) | data[at + 1]) : (ushort)0;
        return _random.Next(3) switch
        {
            0 => s_interesting16[_random.Next(s_interesting16.Length)],
            1 => unchecked((ushort)(current + _random.Next(-4, 5))),
            _ => (ushort)_random.Next(65536),
        };
    }

    private static bool SetUInt16(List<byte> data, int at, ushort value)
    {
        if (at < 0 || at + 1 >= data.Count)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        data[at] = b[0];
        data[at + 1] = b[1];
        return true;
    }
}
