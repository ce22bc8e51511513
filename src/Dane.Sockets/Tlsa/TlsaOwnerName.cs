using System.Globalization;
using DnsSecure;

namespace DaneSockets.Tlsa;

/// <summary>The owner name of a TLSA RRset: <c>_port._protocol.host</c> (RFC 6698 §3).</summary>
public static class TlsaOwnerName
{
    /// <summary>Builds <c>_port._protocol.host</c>.</summary>
    public static DomainName For(int port, string protocol, DomainName host)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(host);
        return host.Prepend("_" + protocol.ToLowerInvariant()).Prepend("_" + port.ToString(CultureInfo.InvariantCulture));
    }
}
