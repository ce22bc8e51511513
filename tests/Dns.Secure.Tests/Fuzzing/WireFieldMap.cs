using System.Buffers.Binary;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Where the structural fields of a valid message are, found by walking it independently of the code under test
/// (RFC 1035 §4.1): section counts, label length octets, compression pointers, RR types and RDLENGTHs, and RDATA
/// ranges. The mutator aims its corruptions at these offsets, where a decoder is most likely to go wrong.
/// </summary>
internal sealed class WireFieldMap
{
    public List<int> CountFields { get; } = [4, 6, 8, 10];

    public List<int> LabelLengths { get; } = [];

    public List<int> Pointers { get; } = [];

    public List<int> TypeFields { get; } = [];

    public List<int> RdLengthFields { get; } = [];

    public List<(int Start, int Length)> Rdata { get; } = [];

    public static WireFieldMap Build(byte[] message)
    {
        var map = new WireFieldMap();
        if (message.Length < 12)
        {
            return map;
        }

        int pos = 12;
        int qd = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4));
        int records = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(6)) + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(8))
            + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(10));
        try
        {
            for (int i = 0; i < qd; i++)
            {
                pos = map.SkipName(message, pos);
                map.TypeFields.Add(pos);
                pos += 4;
            }

            for (int i = 0; i < records && pos < message.Length; i++)
            {
                pos = map.SkipName(message, pos);
                map.TypeFields.Add(pos);
                map.RdLengthFields.Add(pos + 8);
                int rdLength = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(pos + 8));
                map.Rdata.Add((pos + 10, rdLength));
                map.ScanRdataNames(message, pos + 10, rdLength);
                pos += 10 + rdLength;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // A seed that does not walk cleanly (the truncated capture) keeps what was found so far.
        }

        return map;
    }

    private int SkipName(byte[] message, int pos)
    {
        while (true)
        {
            byte b = message[pos];
            if (b == 0)
            {
                return pos + 1;
            }

            if ((b & 0xC0) == 0xC0)
            {
                Pointers.Add(pos);
                return pos + 2;
            }

            LabelLengths.Add(pos);
            pos += b + 1;
        }
    }

    // Pointers inside RDATA (NS, MX, SOA, CNAME, RRSIG signer ...): any octet pair that looks like a pointer
    // to an earlier offset is a good corruption target even when it is not one.
    private void ScanRdataNames(byte[] message, int start, int length)
    {
        for (int i = start; i + 1 < start + length && i + 1 < message.Length; i++)
        {
            if ((message[i] & 0xC0) == 0xC0 && (((message[i] & 0x3F) << 8) | message[i + 1]) < start)
            {
                Pointers.Add(i);
            }
        }
    }
}
