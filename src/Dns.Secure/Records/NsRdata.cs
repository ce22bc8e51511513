using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>NS: an authoritative name server (RFC 1035 §3.3.11).</summary>
public sealed class NsRdata : SingleNameRdata
{
    /// <summary>Creates NS data.</summary>
    public NsRdata(DomainName nameServer)
        : base(nameServer, nameof(nameServer))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NS;

    /// <summary>The name server's host name.</summary>
    public DomainName NameServer => Name;

    internal static NsRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static NsRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
