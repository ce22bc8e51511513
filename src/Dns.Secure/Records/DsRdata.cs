using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>DS: a delegation signer, the digest of a child zone's DNSKEY held in the parent (RFC 4034 §5).</summary>
public sealed class DsRdata : Rdata
{
    /// <summary>Creates DS data.</summary>
    /// <exception cref="ArgumentException">The digest is empty, has the wrong length for a known digest type, or the digest type is the reserved 0.</exception>
    public DsRdata(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlyMemory<byte> digest)
    {
        string? error = DsFormat.Check(keyTag, algorithm, digestType, digest.Span, allowDelete: false);
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
    public override RecordType Type => RecordType.DS;

    /// <summary>Key tag of the DNSKEY the digest is of (RFC 4034 App. B).</summary>
    public ushort KeyTag { get; }

    /// <summary>Algorithm of that DNSKEY.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>Algorithm of the digest.</summary>
    public DigestType DigestType { get; }

    /// <summary>The digest of owner name and DNSKEY RDATA (RFC 4034 §5.1.4).</summary>
    public ReadOnlyMemory<byte> Digest { get; }

    internal static DsRdata Read(ref DnsWireReader reader, int length)
    {
        DsFormat.Read(ref reader, allowDelete: false, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return new DsRdata(keyTag, algorithm, digestType, digest);
    }

    internal static DsRdata Parse(RdataTextReader reader)
    {
        DsFormat.Parse(reader, allowDelete: false, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return new DsRdata(keyTag, algorithm, digestType, digest);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        DsFormat.Write(ref writer, KeyTag, Algorithm, DigestType, Digest.Span);

    internal override void WriteText(StringBuilder builder) =>
        DsFormat.AppendText(builder, KeyTag, Algorithm, DigestType, Digest.Span);
}
