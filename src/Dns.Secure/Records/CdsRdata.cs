using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CDS: the DS a child zone asks its parent to publish (RFC 7344 §3.1); <c>0 0 0 00</c> asks for removal (RFC 8078 §4).</summary>
public sealed class CdsRdata : DelegationSignerRdata
{
    // RFC 8078 §4 (with erratum 5049): CDS alone may carry the delete form 0 0 0 00.
    private const bool AllowDelete = true;

    /// <summary>Creates CDS data.</summary>
    /// <exception cref="ArgumentException">The digest is empty, or the digest type is 0 outside the delete form.</exception>
    public CdsRdata(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlyMemory<byte> digest)
        : base(keyTag, algorithm, digestType, digest, AllowDelete)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CDS;

    /// <summary>True for the RFC 8078 §4 delete record <c>0 0 0 00</c>: the parent should remove the DS RRset.</summary>
    public bool IsDelete => DsFormat.IsDelete(KeyTag, Algorithm, DigestType, Digest.Span);

    internal static CdsRdata Read(ref DnsWireReader reader, int length)
    {
        var (keyTag, algorithm, digestType, digest) = ReadFields(ref reader, AllowDelete);
        return new CdsRdata(keyTag, algorithm, digestType, digest);
    }

    internal static CdsRdata Parse(RdataTextReader reader)
    {
        var (keyTag, algorithm, digestType, digest) = ParseFields(reader, AllowDelete);
        return new CdsRdata(keyTag, algorithm, digestType, digest);
    }
}
