using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape DS (RFC 4034 §5) and CDS (RFC 7344 §3.1) share: key tag, key algorithm, digest type and digest.
/// Each derived type decides whether the RFC 8078 §4 delete form <c>0 0 0 00</c> is allowed.
/// </summary>
public abstract class DelegationSignerRdata : Rdata
{
    private protected DelegationSignerRdata(ushort keyTag, DnssecAlgorithm algorithm, DigestType digestType, ReadOnlyMemory<byte> digest, bool allowDelete)
    {
        string? error = DsFormat.Check(keyTag, algorithm, digestType, digest.Span, allowDelete);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(digest));
        }

        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        Digest = digest.ToArray();
    }

    /// <summary>Key tag of the DNSKEY the digest is of (RFC 4034 App. B).</summary>
    public ushort KeyTag { get; }

    /// <summary>Algorithm of that DNSKEY.</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>Algorithm of the digest.</summary>
    public DigestType DigestType { get; }

    /// <summary>The digest of owner name and DNSKEY RDATA (RFC 4034 §5.1.4).</summary>
    public ReadOnlyMemory<byte> Digest { get; }

    /// <summary>
    /// False when the digest type is known and the digest does not have its length. Such a record decodes, but it can
    /// never match a key: a validator ignores it as unusable (RFC 6840 §5.2).
    /// </summary>
    public bool HasExpectedDigestLength => DsFormat.HasExpectedLength(DigestType, Digest.Length);

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        DsFormat.Write(ref writer, KeyTag, Algorithm, DigestType, Digest.Span);

    internal override void WriteText(StringBuilder builder) =>
        DsFormat.AppendText(builder, KeyTag, Algorithm, DigestType, Digest.Span);

    private protected static (ushort KeyTag, DnssecAlgorithm Algorithm, DigestType DigestType, byte[] Digest) ReadFields(ref DnsWireReader reader, bool allowDelete)
    {
        DsFormat.Read(ref reader, allowDelete, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return (keyTag, algorithm, digestType, digest);
    }

    private protected static (ushort KeyTag, DnssecAlgorithm Algorithm, DigestType DigestType, byte[] Digest) ParseFields(RdataTextReader reader, bool allowDelete)
    {
        DsFormat.Parse(reader, allowDelete, out ushort keyTag, out DnssecAlgorithm algorithm, out DigestType digestType, out byte[] digest);
        return (keyTag, algorithm, digestType, digest);
    }
}
