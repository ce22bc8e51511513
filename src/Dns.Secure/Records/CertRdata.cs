using System.Globalization;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CERT: a certificate or CRL (RFC 4398 §2). Type and algorithm are written as mnemonics when they have one.</summary>
public sealed class CertRdata : Rdata
{
    private static readonly (CertificateType Type, string Text)[] s_types =
    [
        (CertificateType.Pkix, "PKIX"), (CertificateType.Spki, "SPKI"), (CertificateType.Pgp, "PGP"), (CertificateType.Ipkix, "IPKIX"),
        (CertificateType.Ispki, "ISPKI"), (CertificateType.Ipgp, "IPGP"), (CertificateType.Acpkix, "ACPKIX"),
        (CertificateType.Iacpkix, "IACPKIX"), (CertificateType.Uri, "URI"), (CertificateType.Oid, "OID"),
    ];

    // RFC 4034 Appendix A.1 and the IANA DNSSEC algorithm registry mnemonics, as RFC 4398 §2.2 allows.
    private static readonly (DnssecAlgorithm Algorithm, string Text)[] s_algorithms =
    [
        (DnssecAlgorithm.RsaMd5, "RSAMD5"), (DnssecAlgorithm.DiffieHellman, "DH"), (DnssecAlgorithm.DsaSha1, "DSA"),
        (DnssecAlgorithm.RsaSha1, "RSASHA1"), (DnssecAlgorithm.DsaNsec3Sha1, "NSEC3DSA"), (DnssecAlgorithm.RsaSha1Nsec3Sha1, "NSEC3RSASHA1"),
        (DnssecAlgorithm.RsaSha256, "RSASHA256"), (DnssecAlgorithm.RsaSha512, "RSASHA512"), (DnssecAlgorithm.EccGost, "ECCGOST"),
        (DnssecAlgorithm.EcdsaP256Sha256, "ECDSAP256SHA256"), (DnssecAlgorithm.EcdsaP384Sha384, "ECDSAP384SHA384"),
        (DnssecAlgorithm.Ed25519, "ED25519"), (DnssecAlgorithm.Ed448, "ED448"), (DnssecAlgorithm.Indirect, "INDIRECT"),
        (DnssecAlgorithm.PrivateDns, "PRIVATEDNS"), (DnssecAlgorithm.PrivateOid, "PRIVATEOID"),
    ];

    /// <summary>Creates CERT data.</summary>
    public CertRdata(CertificateType certificateType, ushort keyTag, DnssecAlgorithm algorithm, ReadOnlyMemory<byte> certificate)
    {
        CertificateType = certificateType;
        KeyTag = keyTag;
        Algorithm = algorithm;
        Certificate = certificate.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CERT;

    /// <summary>The certificate type.</summary>
    public CertificateType CertificateType { get; }

    /// <summary>The key tag of the key the certificate is for (RFC 4034 Appendix B), or 0.</summary>
    public ushort KeyTag { get; }

    /// <summary>The DNSSEC algorithm of that key, or 0.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>The certificate or CRL octets.</summary>
    public ReadOnlyMemory<byte> Certificate { get; }

    internal static CertRdata Read(ref DnsWireReader reader, int length) =>
        new((CertificateType)reader.ReadUInt16(), reader.ReadUInt16(), (DnssecAlgorithm)reader.ReadByte(), reader.ReadRemaining().ToArray());

    // RFC 4398 §2.2: type and algorithm as mnemonic or number, key tag as number, certificate in base64.
    internal static CertRdata Parse(RdataTextReader reader)
    {
        ZoneToken type = reader.ReadToken();
        var certificateType = (CertificateType)ParseMnemonic(reader, type, s_types, ushort.MaxValue);
        ushort keyTag = reader.ReadUInt16();
        ZoneToken algorithm = reader.ReadToken();
        var alg = (DnssecAlgorithm)ParseMnemonic(reader, algorithm, s_algorithms, byte.MaxValue);
        return new CertRdata(certificateType, keyTag, alg, reader.ReadBase64ToEnd());
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16((ushort)CertificateType);
        writer.WriteUInt16(KeyTag);
        writer.WriteByte((byte)Algorithm);
        writer.WriteBytes(Certificate.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Mnemonic(s_types, CertificateType) ?? ((ushort)CertificateType).ToString(CultureInfo.InvariantCulture)).Append(' ');
        builder.Append(KeyTag).Append(' ');
        builder.Append(Mnemonic(s_algorithms, Algorithm) ?? ((byte)Algorithm).ToString(CultureInfo.InvariantCulture)).Append(' ');
        TextFormat.AppendBase64(builder, Certificate.Span);
    }

    private static string? Mnemonic<T>((T Value, string Text)[] table, T value) where T : struct, Enum
    {
        foreach ((T v, string text) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return text;
            }
        }

        return null;
    }

    private static ulong ParseMnemonic<T>(RdataTextReader reader, ZoneToken token, (T Value, string Text)[] table, ulong max) where T : struct, Enum
    {
        foreach ((T v, string text) in table)
        {
            if (string.Equals(text, token.Text, StringComparison.OrdinalIgnoreCase))
            {
                return Convert.ToUInt64(v, CultureInfo.InvariantCulture);
            }
        }

        return !token.IsQuoted && ulong.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong number) && number <= max
            ? number
            : throw reader.Error($"'{token.Text}' is neither a known mnemonic nor a number up to {max}", token);
    }
}
