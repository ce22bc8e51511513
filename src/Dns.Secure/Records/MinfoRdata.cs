using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MINFO: mailbox or mail list information (RFC 1035 §3.3.7, experimental).</summary>
public sealed class MinfoRdata : Rdata
{
    /// <summary>Creates MINFO data.</summary>
    public MinfoRdata(DomainName responsibleMailbox, DomainName errorMailbox)
    {
        ArgumentNullException.ThrowIfNull(responsibleMailbox);
        ArgumentNullException.ThrowIfNull(errorMailbox);
        ResponsibleMailbox = responsibleMailbox;
        ErrorMailbox = errorMailbox;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MINFO;

    /// <summary>RMAILBX: the mailbox responsible for the list.</summary>
    public DomainName ResponsibleMailbox { get; }

    /// <summary>EMAILBX: the mailbox that receives error messages.</summary>
    public DomainName ErrorMailbox { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MinfoRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(), reader.ReadName());

    internal static MinfoRdata Parse(RdataTextReader reader) => new(reader.ReadName(), reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        WriteName(ref writer, ResponsibleMailbox, encoding, compressible: true, lowercaseInCanonical: true);
        WriteName(ref writer, ErrorMailbox, encoding, compressible: true, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        ResponsibleMailbox.AppendTo(builder);
        builder.Append(' ');
        ErrorMailbox.AppendTo(builder);
    }
}
