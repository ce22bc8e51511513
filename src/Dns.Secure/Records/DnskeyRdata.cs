using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>DNSKEY: a public key of a zone (RFC 4034 §2).</summary>
public sealed class DnskeyRdata : DnskeyFormatRdata
{
    /// <summary>Creates DNSKEY data.</summary>
    public DnskeyRdata(ushort flags, byte protocol, DnssecAlgorithm algorithm, ReadOnlyMemory<byte> publicKey)
        : base(flags, protocol, algorithm, publicKey)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.DNSKEY;

    internal static DnskeyRdata Read(ref DnsWireReader reader, int length)
    {
        var (flags, protocol, algorithm, publicKey) = ReadFields(ref reader);
        return new DnskeyRdata(flags, protocol, algorithm, publicKey);
    }

    internal static DnskeyRdata Parse(RdataTextReader reader)
    {
        var (flags, protocol, algorithm, publicKey) = ParseFields(reader);
        return new DnskeyRdata(flags, protocol, algorithm, publicKey);
    }
}
