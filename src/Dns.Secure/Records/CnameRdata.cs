using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CNAME: the canonical name of an alias (RFC 1035 §3.3.1).</summary>
public sealed class CnameRdata : SingleNameRdata
{
    /// <summary>Creates CNAME data.</summary>
    public CnameRdata(DomainName canonicalName)
        : base(canonicalName, nameof(canonicalName))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CNAME;

    /// <summary>The canonical name the owner is an alias of.</summary>
    public DomainName CanonicalName => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static CnameRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(allowCompression: true));

    internal static CnameRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
