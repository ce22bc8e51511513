using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MB: a host with the owner's mailbox (RFC 1035 §3.3.3, experimental).</summary>
public sealed class MbRdata : Rdata
{
    /// <summary>Creates MB data.</summary>
    public MbRdata(DomainName mailboxHost)
    {
        ArgumentNullException.ThrowIfNull(mailboxHost);
        MailboxHost = mailboxHost;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MB;

    /// <summary>MADNAME: the host holding the mailbox.</summary>
    public DomainName MailboxHost { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MbRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MbRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) =>
        WriteName(ref writer, MailboxHost, encoding, compressible: true, lowercaseInCanonical: true);

    internal override void WriteText(StringBuilder builder) => MailboxHost.AppendTo(builder);
}
