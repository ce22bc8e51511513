using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MF: a mail forwarder (RFC 1035 §3.3.5, obsolete; MX replaces it).</summary>
public sealed class MfRdata : SingleNameRdata
{
    /// <summary>Creates MF data.</summary>
    public MfRdata(DomainName mailForwarder)
        : base(mailForwarder, nameof(mailForwarder))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MF;

    /// <summary>MADNAME: a host with a mail agent that forwards mail for the domain.</summary>
    public DomainName MailForwarder => Name;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MfRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName());

    internal static MfRdata Parse(RdataTextReader reader) => new(reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
