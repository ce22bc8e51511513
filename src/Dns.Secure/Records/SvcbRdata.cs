using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SVCB: a general-purpose service binding (RFC 9460 §2).</summary>
public sealed class SvcbRdata : ServiceBindingRdata
{
    /// <summary>Creates SVCB data; the parameters are sorted by key.</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public SvcbRdata(ushort priority, DomainName targetName, IEnumerable<SvcParam> parameters)
        : base(priority, targetName, parameters)
    {
    }

    /// <summary>Creates SVCB data without parameters (AliasMode, or ServiceMode with defaults).</summary>
    public SvcbRdata(ushort priority, DomainName targetName)
        : base(priority, targetName, [])
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SVCB;

    internal static SvcbRdata Read(ref DnsWireReader reader, int length)
    {
        var (priority, target, parameters) = ReadFields(ref reader);
        return new SvcbRdata(priority, target, parameters);
    }

    internal static SvcbRdata Parse(RdataTextReader reader)
    {
        var (priority, target, parameters) = ParseFields(reader);
        return new SvcbRdata(priority, target, parameters);
    }
}
