using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CDNSKEY: the DNSKEY a child zone asks its parent to make a DS of (RFC 7344 §3.2); <c>0 3 0 AA==</c> asks for removal (RFC 8078 §4).</summary>
public sealed class CdnskeyRdata : DnskeyFormatRdata
{
    /// <summary>Creates CDNSKEY data.</summary>
    public CdnskeyRdata(ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlyMemory<byte> publicKey)
        : base(flags, protocol, algorithm, publicKey)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CDNSKEY;

    /// <summary>True for the RFC 8078 §4 delete record <c>0 3 0 AA==</c>: the parent should remove the DS RRset.</summary>
    public bool IsDelete => Flags == 0 && Protocol == 3 && Algorithm == 0 && PublicKey.Length == 1 && PublicKey.Span[0] == 0;

    internal static CdnskeyRdata Read(ref DnsWireReader reader, int length)
    {
        var (flags, protocol, algorithm, publicKey) = ReadFields(ref reader);
        return new CdnskeyRdata(flags, protocol, algorithm, publicKey);
    }

    internal static CdnskeyRdata Parse(RdataTextReader reader)
    {
        var (flags, protocol, algorithm, publicKey) = ParseFields(reader);
        return new CdnskeyRdata(flags, protocol, algorithm, publicKey);
    }
}
