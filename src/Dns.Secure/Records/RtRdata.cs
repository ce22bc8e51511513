using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>RT: a route-through host for the owner (RFC 1183 §3.3).</summary>
public sealed class RtRdata : NumberAndNameRdata
{
    /// <summary>Creates RT data.</summary>
    public RtRdata(ushort preference, DomainName intermediateHost)
        : base(preference, intermediateHost, nameof(intermediateHost))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.RT;

    /// <summary>Preference: lower values are preferred.</summary>
    public ushort Preference => Number;

    /// <summary>The intermediate host to route through.</summary>
    public DomainName IntermediateHost => Name;

    // RFC 3597 §4: receivers should decompress RT names (older senders compressed them).
    internal static RtRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: true));

    internal static RtRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: not compressed by senders; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => false;

    private protected override bool LowercaseInCanonical => true;
}
