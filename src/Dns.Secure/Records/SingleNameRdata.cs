using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape of the types whose data is one domain name (CNAME, DNAME, NS, PTR, MB, MD, MF, MG, MR). Each derived type
/// names the field after its RFC and states its own compression and canonical-lowercasing rule.
/// </summary>
public abstract class SingleNameRdata : Rdata
{
    private protected SingleNameRdata(DomainName name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        Name = name;
    }

    /// <summary>The one name of the data; the derived type exposes it under its RFC field name.</summary>
    private protected DomainName Name { get; }

    /// <summary>Whether a writer may compress the name (RFC 3597 §4).</summary>
    private protected abstract bool Compressible { get; }

    /// <summary>Whether the canonical form lowercases the name (RFC 4034 §6.2, RFC 6840 §5.1).</summary>
    private protected abstract bool LowercaseInCanonical { get; }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        WriteName(ref writer, Name, encoding, Compressible, LowercaseInCanonical);

    internal override void WriteText(StringBuilder builder) => Name.AppendTo(builder);
}
