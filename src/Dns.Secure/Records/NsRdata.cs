using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>NS: an authoritative name server (RFC 1035 §3.3.11).</summary>
public sealed class NsRdata : Rdata
{
    /// <summary>Creates NS data.</summary>
    public NsRdata(DomainName nameServer)
    {
        ArgumentNullException.ThrowIfNull(nameServer);
        NameServer = nameServer;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NS;

    /// <summary>The name server's host name.</summary>
    public DomainName NameServer { get; }

    internal static NsRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static NsRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible; RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        WriteName(ref writer, NameServer, encoding, compressible: true, lowercaseInCanonical: true);

    internal override void WriteText(StringBuilder builder) => NameServer.AppendTo(builder);
}
