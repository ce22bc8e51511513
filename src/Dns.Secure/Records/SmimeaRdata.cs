using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SMIMEA: an S/MIME certificate association (RFC 8162 §2), with the fields and formats of TLSA (RFC 6698 §2).</summary>
public sealed class SmimeaRdata : CertificateAssociationRdata
{
    /// <summary>Creates SMIMEA data.</summary>
    public SmimeaRdata(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlyMemory<byte> certificateAssociationData)
        : base(usage, selector, matchingType, certificateAssociationData)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SMIMEA;

    internal static SmimeaRdata Read(ref DnsWireReader reader, int length)
    {
        var (usage, selector, matchingType, data) = ReadFields(ref reader);
        return new SmimeaRdata(usage, selector, matchingType, data);
    }

    internal static SmimeaRdata Parse(RdataTextReader reader)
    {
        var (usage, selector, matchingType, data) = ParseFields(reader);
        return new SmimeaRdata(usage, selector, matchingType, data);
    }
}
