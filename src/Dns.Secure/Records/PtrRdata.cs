using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>PTR: a pointer to another part of the name space (RFC 1035 §3.3.12).</summary>
public sealed class PtrRdata : SingleNameRdata
{
    /// <summary>Creates PTR data.</summary>
    public PtrRdata(DomainName pointerName)
        : base(pointerName, nameof(pointerName))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.PTR;

    /// <summary>The name pointed to.</summary>
    public DomainName PointerName => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static PtrRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(allowCompression: true));

    internal static PtrRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
