using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>DS: a delegation signer, the digest of a child zone's DNSKEY held in the parent (RFC 4034 §5).</summary>
public sealed class DsRdata : DelegationSignerRdata
{
    // Digest type 0 is reserved (IANA); DS has no delete form (that is CDS only, RFC 8078 §4).
    private const bool AllowDelete = false;

    /// <summary>Creates DS data.</summary>
    /// <exception cref="ArgumentException">The digest is empty, or the digest type is the reserved 0.</exception>
    public DsRdata(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlyMemory<byte> digest)
        : base(keyTag, algorithm, digestType, digest, AllowDelete)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.DS;

    internal static DsRdata Read(ref DnsWireReader reader, int length)
    {
        var (keyTag, algorithm, digestType, digest) = ReadFields(ref reader, AllowDelete);
        return new DsRdata(keyTag, algorithm, digestType, digest);
    }

    internal static DsRdata Parse(RdataTextReader reader)
    {
        var (keyTag, algorithm, digestType, digest) = ParseFields(reader, AllowDelete);
        return new DsRdata(keyTag, algorithm, digestType, digest);
    }
}
