using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MF: a mail forwarder (RFC 1035 §3.3.5, obsolete; MX replaces it).</summary>
public sealed class MfRdata : Rdata
{
    /// <summary>Creates MF data.</summary>
    public MfRdata(DomainName mailForwarder)
    {
        ArgumentNullException.ThrowIfNull(mailForwarder);
        MailForwarder = mailForwarder;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MF;

    /// <summary>MADNAME: a host with a mail agent that forwards mail for the domain.</summary>
    public DomainName MailForwarder { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MfRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MfRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        WriteName(ref writer, MailForwarder, encoding, compressible: true, lowercaseInCanonical: true);

    internal override void WriteText(StringBuilder builder) => MailForwarder.AppendTo(builder);
}
