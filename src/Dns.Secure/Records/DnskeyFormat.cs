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
