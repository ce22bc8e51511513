using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MB: a host with the owner's mailbox (RFC 1035 §3.3.3, experimental).</summary>
public sealed class MbRdata : SingleNameRdata
{
    /// <summary>Creates MB data.</summary>
    public MbRdata(DomainName mailboxHost)
        : base(mailboxHost, nameof(mailboxHost))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MB;

    /// <summary>MADNAME: the host holding the mailbox.</summary>
    public DomainName MailboxHost => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MbRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MbRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
