using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>AFSDB: an AFS cell database server or DCE name server (RFC 1183 §1).</summary>
public sealed class AfsdbRdata : NumberAndNameRdata
{
    /// <summary>Creates AFSDB data.</summary>
    public AfsdbRdata(ushort subtype, DomainName hostname)
        : base(subtype, hostname, nameof(hostname))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.AFSDB;

    /// <summary>Subtype: 1 for an AFS version 3 volume location server, 2 for a DCE authenticated name server.</summary>
    public ushort Subtype => Number;

    /// <summary>The server's host name.</summary>
    public DomainName Hostname => Name;

    // RFC 3597 §4: receivers should decompress AFSDB names (older senders compressed them).
    internal static AfsdbRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadUInt16(), reader.ReadName(allowCompression: true));

    internal static AfsdbRdata Parse(RdataTextReader reader) => new(reader.ReadUInt16(), reader.ReadName());

    // RFC 3597 §4: not compressed by senders; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => false;

    private protected override bool LowercaseInCanonical => true;
}
