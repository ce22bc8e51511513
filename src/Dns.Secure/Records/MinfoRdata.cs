using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>MINFO: mailbox or mail list information (RFC 1035 §3.3.7, experimental).</summary>
public sealed class MinfoRdata : NamePairRdata
{
    /// <summary>Creates MINFO data.</summary>
    public MinfoRdata(DomainName responsibleMailbox, DomainName errorMailbox)
        : base(responsibleMailbox, nameof(responsibleMailbox), errorMailbox, nameof(errorMailbox))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.MINFO;

    /// <summary>RMAILBX: the mailbox responsible for the list.</summary>
    public DomainName ResponsibleMailbox => First;

    /// <summary>EMAILBX: the mailbox that receives error messages.</summary>
    public DomainName ErrorMailbox => Second;

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static MinfoRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadName(), reader.ReadName());

    internal static MinfoRdata Parse(RdataTextReader reader) => new(reader.ReadName(), reader.ReadName());

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    private protected override bool Compressible => true;

    private protected override bool LowercaseInCanonical => true;
}
