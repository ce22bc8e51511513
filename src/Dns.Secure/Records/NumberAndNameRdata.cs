using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape of the types whose data is a 16-bit number then a domain name (MX, KX, RT: a preference; AFSDB: a subtype).
/// Each derived type names the fields after its RFC and states its own compression and canonical-lowercasing rule.
/// </summary>
public abstract class NumberAndNameRdata : Rdata
{
    private protected NumberAndNameRdata(ushort number, DomainName name, string nameParameterName)
    {
        ArgumentNullException.ThrowIfNull(name, nameParameterName);
        Number = number;
        Name = name;
    }

    /// <summary>The 16-bit field; the derived type exposes it under its RFC field name.</summary>
    private protected ushort Number { get; }

    /// <summary>The name field; the derived type exposes it under its RFC field name.</summary>
    private protected DomainName Name { get; }

    /// <summary>Whether a writer may compress the name (RFC 3597 §4).</summary>
    private protected abstract bool Compressible { get; }

    /// <summary>Whether the canonical form lowercases the name (RFC 4034 §6.2, RFC 6840 §5.1).</summary>
    private protected abstract bool LowercaseInCanonical { get; }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Number);
        WriteName(ref writer, Name, encoding, Compressible, LowercaseInCanonical);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Number).Append(' ');
        Name.AppendTo(builder);
    }
}
