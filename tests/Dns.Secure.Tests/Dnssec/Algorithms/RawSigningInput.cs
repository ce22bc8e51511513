using System.Buffers.Binary;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

/// <summary>Builds RFC 4034 §3.1.8.1 signing inputs from raw fields, so the algorithm tests need no record classes.</summary>
internal static class RawSigningInput
{
    public static byte[] Build(
        RecordType typeCovered,
        DnssecAlgorithm algorithm,
        byte labels,
        uint originalTtl,
        uint expiration,
        uint inception,
        ushort keyTag,
        string signer,
        string owner,
        params byte[][] rdatas)
    {
        var output = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)typeCovered);
        output.AddRange(buffer[..2]);
        output.Add((byte)algorithm);
        output.Add(labels);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, originalTtl);
        output.AddRange(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, expiration);
        output.AddRange(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, inception);
        output.AddRange(buffer);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, keyTag);
        output.AddRange(buffer[..2]);
        output.AddRange(Name(signer));
        foreach (byte[] rdata in rdatas.OrderBy(r => r, ByteArrayComparer.Instance))
        {
            output.AddRange(Name(owner));
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)typeCovered);
            output.AddRange(buffer[..2]);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)RecordClass.IN);
            output.AddRange(buffer[..2]);
            BinaryPrimitives.WriteUInt32BigEndian(buffer, originalTtl);
            output.AddRange(buffer);
            BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)rdata.Length);
            output.AddRange(buffer[..2]);
            output.AddRange(rdata);
        }

        return [.. output];
    }

    /// <summary>Lowercased uncompressed wire form of a name.</summary>
    public static byte[] Name(string name)
    {
        DomainName parsed = DomainName.Parse(name);
        byte[] wire = new byte[parsed.WireLength];
        parsed.CopyTo(wire, lowercase: true);
        return wire;
    }

    public static uint Timestamp(string yyyymmddhhmmss) =>
        (uint)DateTimeOffset.ParseExact(yyyymmddhhmmss + "Z", "yyyyMMddHHmmssK", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    /// <summary>DNSKEY RDATA: flags, protocol 3, algorithm, public key.</summary>
    public static byte[] Dnskey(ushort flags, DnssecAlgorithm algorithm, string publicKeyBase64) =>
        [(byte)(flags >> 8), (byte)flags, 3, (byte)algorithm, .. Convert.FromBase64String(publicKeyBase64)];

    public static byte[] MxRdata(ushort preference, string exchange) =>
        [(byte)(preference >> 8), (byte)preference, .. Name(exchange)];

    private sealed class ByteArrayComparer : IComparer<byte[]>
    {
        public static ByteArrayComparer Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
