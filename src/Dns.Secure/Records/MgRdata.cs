using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MG: a member of the owner's mail group (RFC 1035 §3.3.6, experimental).</summary>
public sealed class MgRdata : SingleNameRdata
{
    /// <summary>Creates MG data.</summary>
    public MgRdata(DomainName memberMailbox)
        : base(memberMailbox, nameof(memberMailbox))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MG;

    /// <summary>MGMNAME: a mailbox in the group.</summary>
    public DomainName MemberMailbox => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MgRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MgRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
