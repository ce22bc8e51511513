using System.Globalization;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;

namespace DnsSecure.Records;

/// <summary>Presentation-format fields shared by the DNSSEC record types.</summary>
internal static class DnssecFieldText
{
    /// <summary>Reads an algorithm number or its mnemonic (RFC 4034 App. A.1, IANA "DNS Security Algorithm Numbers").</summary>
    public static DnssecAlgorithm ReadAlgorithm(RdataTextReader reader)
    {
        ZoneToken t = reader.ReadToken();
        if (byte.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out byte value))
        {
            return (DnssecAlgorithm)value;
        }

        return t.Text.ToUpperInvariant() switch
        {
            "RSAMD5" => DnssecAlgorithm.RsaMd5,
            "DH" => DnssecAlgorithm.DiffieHellman,
            "DSA" => DnssecAlgorithm.DsaSha1,
            "RSASHA1" => DnssecAlgorithm.RsaSha1,
            "DSA-NSEC3-SHA1" => DnssecAlgorithm.DsaNsec3Sha1,
            "RSASHA1-NSEC3-SHA1" => DnssecAlgorithm.RsaSha1Nsec3Sha1,
            "RSASHA256" => DnssecAlgorithm.RsaSha256,
            "RSASHA512" => DnssecAlgorithm.RsaSha512,
            "ECC-GOST" => DnssecAlgorithm.EccGost,
            "ECDSAP256SHA256" => DnssecAlgorithm.EcdsaP256Sha256,
            "ECDSAP384SHA384" => DnssecAlgorithm.EcdsaP384Sha384,
            "ED25519" => DnssecAlgorithm.Ed25519,
            "ED448" => DnssecAlgorithm.Ed448,
            "INDIRECT" => DnssecAlgorithm.Indirect,
            "PRIVATEDNS" => DnssecAlgorithm.PrivateDns,
            "PRIVATEOID" => DnssecAlgorithm.PrivateOid,
            _ => throw reader.Error($"'{t.Text}' is not a DNSSEC algorithm", t),
        };
    }

    /// <summary>Reads a base64 field that may be split over several tokens; must not be empty.</summary>
    public static byte[] ReadBase64(RdataTextReader reader, string field)
    {
        if (reader.IsAtEnd)
        {
            throw reader.Error("missing " + field);
        }

        return reader.ReadBase64ToEnd();
    }

    /// <summary>Appends a base64 field; an empty field prints nothing.</summary>
    public static void AppendBase64(StringBuilder builder, ReadOnlySpan<byte> data)
    {
        if (!data.IsEmpty)
        {
            builder.Append(' ');
            TextFormat.AppendBase64(builder, data);
        }
    }

    /// <summary>Appends an RRSIG time as <c>YYYYMMDDHHmmSS</c> UTC (RFC 4034 §3.2). Every 32-bit value is a time in 1970–2106.</summary>
    public static void AppendTimestamp(StringBuilder builder, uint time) =>
        builder.Append(DateTimeOffset.FromUnixTimeSeconds(time).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
}
