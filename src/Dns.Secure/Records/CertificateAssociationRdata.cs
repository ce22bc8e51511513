using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape TLSA (RFC 6698 §2) and SMIMEA (RFC 8162 §2) share: certificate usage, selector, matching type and the
/// certificate association data. Values outside the named ones are kept; such records are unusable but still data.
/// </summary>
public abstract class CertificateAssociationRdata : Rdata
{
    private protected CertificateAssociationRdata(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlyMemory<byte> certificateAssociationData)
    {
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        CertificateAssociationData = certificateAssociationData.ToArray();
    }

    /// <summary>Certificate usage field.</summary>
    public TlsaCertificateUsage Usage { get; }

    /// <summary>Selector field.</summary>
    public TlsaSelector Selector { get; }

    /// <summary>Matching type field.</summary>
    public TlsaMatchingType MatchingType { get; }

    /// <summary>Certificate association data: the selected content or its digest.</summary>
    public ReadOnlyMemory<byte> CertificateAssociationData { get; }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteByte((byte)Usage);
        writer.WriteByte((byte)Selector);
        writer.WriteByte((byte)MatchingType);
        writer.WriteBytes(CertificateAssociationData.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append((byte)Usage).Append(' ').Append((byte)Selector).Append(' ').Append((byte)MatchingType).Append(' ');
        TextFormat.AppendHex(builder, CertificateAssociationData.Span);
    }

    private protected static (TlsaCertificateUsage, TlsaSelector, TlsaMatchingType, byte[]) ReadFields(ref DnsWireReader reader) =>
        ((TlsaCertificateUsage)reader.ReadByte(), (TlsaSelector)reader.ReadByte(), (TlsaMatchingType)reader.ReadByte(), reader.ReadRemaining().ToArray());

    private protected static (TlsaCertificateUsage, TlsaSelector, TlsaMatchingType, byte[]) ParseFields(RdataTextReader reader) =>
        ((TlsaCertificateUsage)reader.ReadUInt8(), (TlsaSelector)reader.ReadUInt8(), (TlsaMatchingType)reader.ReadUInt8(), reader.ReadHexToEnd());
}
