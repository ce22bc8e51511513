using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CNAME: the canonical name of an alias (RFC 1035 §3.3.1).</summary>
public sealed class CnameRdata : Rdata
{
    /// <summary>Creates CNAME data.</summary>
    public CnameRdata(DomainName canonicalName)
    {
        ArgumentNullException.ThrowIfNull(canonicalName);
        CanonicalName = canonicalName;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CNAME;

    /// <summary>The canonical name the owner is an alias of.</summary>
    public DomainName CanonicalName { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static CnameRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(allowCompression: true));

    internal static CnameRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        WriteName(ref writer, CanonicalName, encoding, compressible: true, lowercaseInCanonical: true);

    internal override void WriteText(StringBuilder builder) => CanonicalName.AppendTo(builder);
}
