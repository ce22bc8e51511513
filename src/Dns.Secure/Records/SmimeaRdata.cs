using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SMIMEA: an S/MIME certificate association (RFC 8162 §2), with the fields and formats of TLSA (RFC 6698 §2). Usage, selector and matching type may hold values
/// outside the named ones; such records are unusable but still data.</summary>
public sealed class SmimeaRdata : Rdata
{
    /// <summary>Creates SMIMEA data.</summary>
    public SmimeaRdata(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlyMemory<byte> certificateAssociationData)
    {
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        CertificateAssociationData = certificateAssociationData.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SMIMEA;

    /// <summary>Certificate usage field.</summary>
    public TlsaCertificateUsage Usage { get; }

    /// <summary>Selector field.</summary>
    public TlsaSelector Selector { get; }

    /// <summary>Matching type field.</summary>
    public TlsaMatchingType MatchingType { get; }

    /// <summary>Certificate association data: the selected content or its digest.</summary>
    public ReadOnlyMemory<byte> CertificateAssociationData { get; }

    internal static SmimeaRdata Read(ref DnsWireReader reader, int length)
    {
        byte usage = reader.ReadByte();
        byte selector = reader.ReadByte();
        byte matching = reader.ReadByte();
        return new SmimeaRdata((TlsaCertificateUsage)usage, (TlsaSelector)selector, (TlsaMatchingType)matching, reader.ReadRemaining().ToArray());
    }

    internal static SmimeaRdata Parse(RdataTextReader reader) =>
        new((TlsaCertificateUsage)reader.ReadUInt8(), (TlsaSelector)reader.ReadUInt8(), (TlsaMatchingType)reader.ReadUInt8(), reader.ReadHexToEnd());

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
}
