using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>RP: the responsible person for the owner (RFC 1183 §2.2).</summary>
public sealed class RpRdata : NamePairRdata
{
    /// <summary>Creates RP data.</summary>
    public RpRdata(DomainName mailbox, DomainName textName)
        : base(mailbox, nameof(mailbox), textName, nameof(textName))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.RP;

    /// <summary>mbox-dname: the responsible person's mailbox as a name; the root when there is none.</summary>
    public DomainName Mailbox => First;

    /// <summary>txt-dname: a name with TXT records about the person; the root when there is none.</summary>
    public DomainName TextName => Second;

    // RFC 3597 §4: receivers should decompress RP names (older senders compressed them).
    internal static RpRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(), reader.ReadName());

    internal static RpRdata Parse(RdataTextReader reader) => new(reader.ReadName(), reader.ReadName());

    // RFC 3597 §4: not compressed by senders; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => false;

    private protected override bool LowercaseInCanonical => true;
}
