using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MR: the new name of a renamed mailbox (RFC 1035 §3.3.8, experimental).</summary>
public sealed class MrRdata : SingleNameRdata
{
    /// <summary>Creates MR data.</summary>
    public MrRdata(DomainName newMailbox)
        : base(newMailbox, nameof(newMailbox))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MR;

    /// <summary>NEWNAME: the mailbox's new name.</summary>
    public DomainName NewMailbox => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MrRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MrRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
