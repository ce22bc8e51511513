using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MX: a mail exchange for the owner (RFC 1035 §3.3.9).</summary>
public sealed class MxRdata : NumberAndNameRdata
{
    /// <summary>Creates MX data.</summary>
    public MxRdata(ushort preference, DomainName exchange)
        : base(preference, exchange, nameof(exchange))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MX;

    /// <summary>PREFERENCE: lower values are preferred.</summary>
    public ushort Preference => Number;

    /// <summary>EXCHANGE: the host willing to act as a mail exchange.</summary>
    public DomainName Exchange => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MxRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: true));

    internal static MxRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
