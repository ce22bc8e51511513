using System.Buffers.Binary;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Records;

/// <summary>Shared steps of the record tests: parsing one RDATA, round trips through messages, raw messages.</summary>
internal static class RdataTestHelpers
{
    public static Rdata ParseData(string type, string rdata) => ResourceRecord.Parse($"owner.example. 300 IN {type} {rdata}").Data;

    /// <summary>Encodes the record in a response (compressed) and decodes it again.</summary>
    public static Rdata MessageRoundTrip(Rdata data)
    {
        var name = DomainName.Parse("owner.example.");
        var message = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Questions = [new DnsQuestion(name, data.Type)],
            Answers = [new ResourceRecord(name, 300, data)],
        };
        return Assert.Single(DnsMessage.Decode(message.Encode()).Answers).Data;
    }

    /// <summary>Decodes RDATA octets as <paramref name="type"/>.</summary>
    public static Rdata DecodeRdata(RecordType type, ReadOnlySpan<byte> rdata) => RdataRegistry.Decode(type, rdata);

    /// <summary>
    /// A response whose question is <paramref name="questionName"/> (at offset 12) and whose one answer has the raw
    /// <paramref name="rdata"/> (which may hold pointers to offset 12, i.e. <c>0xC0 0x0C</c>).
    /// </summary>
    public static byte[] RawResponse(string questionName, RecordType type, ReadOnlySpan<byte> rdata)
    {
        byte[] qname = DomainName.Parse(questionName).WireForm.ToArray();
        var m = new List<byte> { 0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0 };
        m.AddRange(qname);
        m.AddRange(U16((ushort)type));
        m.AddRange(U16(1));
        m.AddRange([0xC0, 0x0C]);
        m.AddRange(U16((ushort)type));
        m.AddRange(U16(1));
        m.AddRange([0, 0, 1, 0x2C]);
        m.AddRange(U16((ushort)rdata.Length));
        m.AddRange(rdata.ToArray());
        return [.. m];
    }

    /// <summary>Number of places where <paramref name="pattern"/> occurs in <paramref name="data"/>.</summary>
    public static int CountOccurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern)
    {
        int count = 0;
        for (int i = 0; i + pattern.Length <= data.Length; i++)
        {
            if (data.Slice(i, pattern.Length).SequenceEqual(pattern))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Asserts that decoding throws nothing but <see cref="DnsFormatException"/>.</summary>
    public static void AssertOnlyFormatErrors(Action action)
    {
        Exception? e = Record.Exception(action);
        Assert.True(e is null or DnsFormatException, $"Unexpected {e?.GetType().Name}: {e?.Message}");
    }

    private static byte[] U16(ushort v)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        return b;
    }
}
