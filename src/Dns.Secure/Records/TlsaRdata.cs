using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>TLSA: a TLS certificate association (RFC 6698 §2). Records with values outside the named ones are unusable for DANE but still data.</summary>
public sealed class TlsaRdata : CertificateAssociationRdata
{
    /// <summary>Creates TLSA data.</summary>
    public TlsaRdata(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlyMemory<byte> certificateAssociationData)
        : base(usage, selector, matchingType, certificateAssociationData)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.TLSA;

    internal static TlsaRdata Read(ref DnsWireReader reader, int length)
    {
        var (usage, selector, matchingType, data) = ReadFields(ref reader);
        return new TlsaRdata(usage, selector, matchingType, data);
    }

    internal static TlsaRdata Parse(RdataTextReader reader)
    {
        var (usage, selector, matchingType, data) = ParseFields(reader);
        return new TlsaRdata(usage, selector, matchingType, data);
    }
}
