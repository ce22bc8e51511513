using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The wire and text forms and the key tag shared by DNSKEY (RFC 4034 §2) and CDNSKEY (RFC 7344 §3.2).</summary>
internal static class DnskeyFormat
{
    /// <summary>Flags bit 7, Zone Key (RFC 4034 §2.1.1).</summary>
    public const ushort ZoneKeyFlag = 0x0100;

    /// <summary>Flags bit 8, REVOKE (RFC 5011 §7).</summary>
    public const ushort RevokeFlag = 0x0080;

    /// <summary>Flags bit 15, Secure Entry Point (RFC 4034 §2.1.1, RFC 3757).</summary>
    public const ushort SecureEntryPointFlag = 0x0001;

    /// <summary>Computes the key tag (RFC 4034 App. B) over the DNSKEY RDATA.</summary>
    public static ushort ComputeKeyTag(ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        if (algorithm == DnssecAlgorithm.RsaMd5)
        {
            // RFC 4034 App. B.1: the most significant 16 of the least significant 24 bits of the modulus,
            // which RFC 3110 §2 places at the end of the public key field.
            return publicKey.Length < 3 ? (ushort)0 : (ushort)((publicKey[^3] << 8) | publicKey[^2]);
        }

        // RFC 4034 App. B: the RDATA as 16-bit big-endian words summed with the carry folded back once.
        uint ac = (uint)flags + (uint)((protocol << 8) | (byte)algorithm);
        int i = 0;
        for (; i + 1 < publicKey.Length; i += 2)
        {
            ac += (uint)((publicKey[i] << 8) | publicKey[i + 1]);
        }

        if (i < publicKey.Length)
        {
            ac += (uint)(publicKey[i] << 8);
        }

        ac += (ac >> 16) & 0xFFFF;
        return (ushort)(ac & 0xFFFF);
    }

    public static void Read(ref DnsWireReader reader, out ushort flags, out byte protocol, out DnssecAlgorithm algorithm, out byte[] publicKey)
    {
        flags = reader.ReadUInt16();
        protocol = reader.ReadByte();
        algorithm = (DnssecAlgorithm)reader.ReadByte();
        publicKey = reader.ReadRemaining().ToArray();
    }

    public static void Parse(RdataTextReader reader, out ushort flags, out byte protocol, out DnssecAlgorithm algorithm, out byte[] publicKey)
    {
        flags = reader.ReadUInt16();
        protocol = reader.ReadUInt8();
        algorithm = DnssecFieldText.ReadAlgorithm(reader);
        // An empty key field is representable on the wire; its text form is nothing at all.
        publicKey = reader.IsAtEnd ? [] : reader.ReadBase64ToEnd();
    }

    public static void Write(ref DnsWireWriter writer, ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        writer.WriteUInt16(flags);
        writer.WriteByte(protocol);
        writer.WriteByte((byte)algorithm);
        writer.WriteBytes(publicKey);
    }

    public static void AppendText(StringBuilder builder, ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        builder.Append(flags).Append(' ').Append(protocol).Append(' ').Append((byte)algorithm);
        DnssecFieldText.AppendBase64(builder, publicKey);
    }
}
