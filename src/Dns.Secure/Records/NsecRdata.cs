using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>NSEC: the next owner name in the zone's canonical order and the types at this owner (RFC 4034 §4).</summary>
public sealed class NsecRdata : Rdata
{
    /// <summary>Creates NSEC data.</summary>
    /// <exception cref="ArgumentException">The type bitmap is empty.</exception>
    public NsecRdata(DomainName nextDomainName, TypeBitmap types)
    {
        ArgumentNullException.ThrowIfNull(nextDomainName);
        ArgumentNullException.ThrowIfNull(types);
        if (types.IsEmpty)
        {
            // An NSEC record always lists at least NSEC and RRSIG (RFC 4034 §4.1.2); BIND refuses an empty bitmap.
            throw new ArgumentException("An NSEC type bitmap cannot be empty.", nameof(types));
        }

        NextDomainName = nextDomainName;
        Types = types;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NSEC;

    /// <summary>The next owner name in canonical order; the last NSEC points back to the apex (RFC 4034 §4.1.1).</summary>
    public DomainName NextDomainName { get; }

    /// <summary>The types present at the owner name (RFC 4034 §4.1.2).</summary>
    public TypeBitmap Types { get; }

    internal static NsecRdata Read(ref DnsWireReader reader, int length)
    {
        // RFC 4034 §4.1.1: the next domain name is not compressed.
        DomainName next = reader.ReadName(allowCompression: false);
        TypeBitmap types = TypeBitmap.Read(ref reader);
        return types.IsEmpty ? throw DnsWireReader.Error("NSEC type bitmap is empty", reader.Position) : new NsecRdata(next, types);
    }

    internal static NsecRdata Parse(RdataTextReader reader)
    {
        DomainName next = reader.ReadName();
        TypeBitmap types = TypeBitmap.Parse(reader);
        return types.IsEmpty ? throw reader.Error("NSEC type bitmap is empty") : new NsecRdata(next, types);
    }

    // RFC 4034 §4.1.1: not compressed. RFC 6840 §5.1 removed NSEC from the RFC 4034 §6.2 list: case is kept in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        WriteName(ref writer, NextDomainName, encoding, compressible: false, lowercaseInCanonical: false);
        writer.WriteBytes(Types.WireForm);
    }

    internal override void WriteText(StringBuilder builder)
    {
        NextDomainName.AppendTo(builder);
        builder.Append(' ');
        Types.AppendTo(builder);
    }
}
