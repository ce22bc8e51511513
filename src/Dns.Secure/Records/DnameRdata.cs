using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>DNAME: redirection of a subtree of the name space (RFC 6672 §2.1).</summary>
public sealed class DnameRdata : SingleNameRdata
{
    /// <summary>Creates DNAME data.</summary>
    public DnameRdata(DomainName target)
        : base(target, nameof(target))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.DNAME;

    /// <summary>The name the owner's subtree is redirected to.</summary>
    public DomainName Target => Name;

    // RFC 6672 §2.5: the target is never compressed, so a pointer is malformed.
    internal static DnameRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(allowCompression: false));

    internal static DnameRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 6672 §2.5 and RFC 3597 §4: never compressed; RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => false;

    private protected override bool LowercaseInCanonical => true;
}
