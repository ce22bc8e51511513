using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The wire and text forms shared by DS (RFC 4034 §5) and CDS (RFC 7344 §3.1).</summary>
internal static class DsFormat
{
    /// <summary>The digest length a known digest type requires, or 0 when the type is not known.</summary>
    public static int DigestLength(DigestType digestType) => digestType switch
    {
        DigestType.Sha1 => 20,
        DigestType.Sha256 => 32,
        DigestType.Gost94 => 32,
        DigestType.Sha384 => 48,
        _ => 0,
    };

    /// <summary>True for the RFC 8078 §4 "delete DS" record <c>0 0 0 00</c>.</summary>
    public static bool IsDelete(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlySpan<byte> digest) =>
        keyTag == 0 && algorithm == 0 && digestType == 0 && digest.Length == 1 && digest[0] == 0;

    /// <summary>Checks the fields; returns null when they are valid, else why not.</summary>
    public static string? Check(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlySpan<byte> digest, bool allowDelete)
    {
        if (digestType == 0)
        {
            // Digest type 0 is reserved (IANA); RFC 8078 §4 (with erratum 5049) gives it one use in CDS: "0 0 0 00".
            return allowDelete && IsDelete(keyTag, algorithm, digestType, digest)
                ? null
                : allowDelete ? "digest type 0 is only allowed in the delete form 0 0 0 00 (RFC 8078 §4)" : "digest type 0 is reserved";
        }

        if (digest.IsEmpty)
        {
            return "the digest is empty";
        }

        // A digest whose length does not fit its type still decodes: the validator treats that DS as unusable and ignores
        // it (RFC 4509 §3, RFC 6840 §5.2) rather than failing the whole message.
        return null;
    }

    /// <summary>False when <paramref name="digestType"/> is known and <paramref name="digestLength"/> is not its length.</summary>
    public static bool HasExpectedLength(DigestType digestType, int digestLength)
    {
        int expected = DigestLength(digestType);
        return expected == 0 || digestLength == expected;
    }

    public static void Read(ref DnsWireReader reader, bool allowDelete, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest)
    {
        int at = reader.Position;
        keyTag = reader.ReadUInt16();
        algorithm = (DnssecAlgorithm)reader.ReadByte();
        digestType = (DigestType)reader.ReadByte();
        digest = reader.ReadRemaining().ToArray();
        string? error = Check(keyTag, algorithm, digestType, digest, allowDelete);
        if (error is not null)
        {
            throw DnsWireReader.Error(error, at);
        }
    }

    public static void Parse(RdataTextReader reader, bool allowDelete, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest)
    {
        keyTag = reader.ReadUInt16();
        algorithm = DnssecFieldText.ReadAlgorithm(reader);
        digestType = (DigestType)reader.ReadUInt8();
        digest = reader.ReadHexToEnd();
        string? error = Check(keyTag, algorithm, digestType, digest, allowDelete);
        if (error is not null)
        {
            throw reader.Error(error);
        }
    }

    public static void Write(ref DnsWireWriter writer, ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlySpan<byte> digest)
    {
        writer.WriteUInt16(keyTag);
        writer.WriteByte((byte)algorithm);
        writer.WriteByte((byte)digestType);
        writer.WriteBytes(digest);
    }

    public static void AppendText(StringBuilder builder, ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlySpan<byte> digest)
    {
        builder.Append(keyTag).Append(' ').Append((byte)algorithm).Append(' ').Append((byte)digestType).Append(' ');
        TextFormat.AppendHex(builder, digest);
    }
}
