using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CDS: the DS a child zone asks its parent to publish (RFC 7344 §3.1); <c>0 0 0 00</c> asks for removal (RFC 8078 §4).</summary>
public sealed class CdsRdata : Rdata
{
    /// <summary>Creates CDS data.</summary>
    /// <exception cref="ArgumentException">The digest is empty, has the wrong length for a known digest type, or the digest type is 0 outside the delete form.</exception>
    public CdsRdata(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlyMemory<byte> digest)
    {
        string? error = DsFormat.Check(keyTag, algorithm, digestType, digest.Span, allowDelete: true);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(digest));
        }

        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        Digest = digest.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CDS;

    /// <summary>Key tag of the DNSKEY the digest is of (RFC 4034 App. B).</summary>
    public ushort KeyTag { get; }

    /// <summary>Algorithm of that DNSKEY.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>Algorithm of the digest.</summary>
    public DigestType DigestType { get; }

    /// <summary>The digest of owner name and DNSKEY RDATA (RFC 4034 §5.1.4).</summary>
    public ReadOnlyMemory<byte> Digest { get; }

    /// <summary>True for the RFC 8078 §4 delete record <c>0 0 0 00</c>: the parent should remove the DS RRset.</summary>
    public bool IsDelete => DsFormat.IsDelete(KeyTag, Algorithm, DigestType, Digest.Span);

    internal static CdsRdata Read(ref DnsWireReader reader, int length)
    {
        DsFormat.Read(ref reader, allowDelete: true, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return new CdsRdata(keyTag, algorithm, digestType, digest);
    }

    internal static CdsRdata Parse(RdataTextReader reader)
    {
        DsFormat.Parse(reader, allowDelete: true, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return new CdsRdata(keyTag, algorithm, digestType, digest);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        DsFormat.Write(ref writer, KeyTag, Algorithm, DigestType, Digest.Span);

    internal override void WriteText(StringBuilder builder) =>
        DsFormat.AppendText(builder, KeyTag, Algorithm, DigestType, Digest.Span);
}
