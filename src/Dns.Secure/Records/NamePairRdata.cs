using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape of the types whose data is two domain names (MINFO, RP). Each derived type names the fields after its
/// RFC and states its own compression and canonical-lowercasing rule.
/// </summary>
public abstract class NamePairRdata : Rdata
{
    private protected NamePairRdata(DomainName first, string firstParameterName, DomainName second, string secondParameterName)
    {
        ArgumentNullException.ThrowIfNull(first, firstParameterName);
        ArgumentNullException.ThrowIfNull(second, secondParameterName);
        First = first;
        Second = second;
    }

    /// <summary>The first name of the data; the derived type exposes it under its RFC field name.</summary>
    private protected DomainName First { get; }

    /// <summary>The second name of the data; the derived type exposes it under its RFC field name.</summary>
    private protected DomainName Second { get; }

    /// <summary>Whether a writer may compress the names (RFC 3597 §4).</summary>
    private protected abstract bool Compressible { get; }

    /// <summary>Whether the canonical form lowercases the names (RFC 4034 §6.2, RFC 6840 §5.1).</summary>
    private protected abstract bool LowercaseInCanonical { get; }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        WriteName(ref writer, First, encoding, Compressible, LowercaseInCanonical);
        WriteName(ref writer, Second, encoding, Compressible, LowercaseInCanonical);
    }

    internal override void WriteText(StringBuilder builder)
    {
        First.AppendTo(builder);
        builder.Append(' ');
        Second.AppendTo(builder);
    }
}
