using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>KX: a key exchanger for the owner (RFC 2230 §3).</summary>
public sealed class KxRdata : NumberAndNameRdata
{
    /// <summary>Creates KX data.</summary>
    public KxRdata(ushort preference, DomainName exchanger)
        : base(preference, exchanger, nameof(exchanger))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.KX;

    /// <summary>PREFERENCE: lower values are preferred.</summary>
    public ushort Preference => Number;

    /// <summary>EXCHANGER: the host acting as key exchanger.</summary>
    public DomainName Exchanger => Name;

    // RFC 2230 §3 and RFC 3597 §4: not compressed on the wire, and KX is not among the types whose names receivers decompress.
    internal static KxRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: false));

    internal static KxRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: never compressed; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => false;

    private protected override bool LowercaseInCanonical => true;
}
