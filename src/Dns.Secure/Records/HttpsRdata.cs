using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>HTTPS: a service binding for HTTP origins, SVCB-compatible (RFC 9460 §9).</summary>
public sealed class HttpsRdata : ServiceBindingRdata
{
    /// <summary>Creates HTTPS data; the parameters are sorted by key.</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public HttpsRdata(ushort priority, DomainName targetName, IEnumerable<SvcParam> parameters)
        : base(priority, targetName, parameters)
    {
    }

    /// <summary>Creates HTTPS data without parameters (AliasMode, or ServiceMode with defaults).</summary>
    public HttpsRdata(ushort priority, DomainName targetName)
        : base(priority, targetName, [])
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.HTTPS;

    internal static HttpsRdata Read(ref DnsWireReader reader, int length)
    {
        var (priority, target, parameters) = ReadFields(ref reader);
        return new HttpsRdata(priority, target, parameters);
    }

    internal static HttpsRdata Parse(RdataTextReader reader)
    {
        var (priority, target, parameters) = ParseFields(reader);
        return new HttpsRdata(priority, target, parameters);
    }
}
