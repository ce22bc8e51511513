using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MD: a mail destination (RFC 1035 §3.3.4, obsolete; MX replaces it).</summary>
public sealed class MdRdata : SingleNameRdata
{
    /// <summary>Creates MD data.</summary>
    public MdRdata(DomainName mailDestination)
        : base(mailDestination, nameof(mailDestination))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MD;

    /// <summary>MADNAME: a host with a mail agent for the domain.</summary>
    public DomainName MailDestination => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MdRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MdRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
