using System.Net;
using DnsSecure.Transport;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// When an upstream's AD bit may be believed (RFC 6840 §5.8, RFC 4035 §4.9.3): the path to it must be secure. That is
/// the case for a server on a loopback address (the same host) and for DNS over TLS authenticated under the strict
/// profile (RFC 8310 §5.1). An opportunistic DoT server or any other address is never trusted.
/// </summary>
internal static class UpstreamTrust
{
    /// <summary>True when the server that answered over <paramref name="transport"/> may vouch for its AD bit.</summary>
    public static bool IsTrusted(NameServer? server, DnsTransportProtocol transport)
    {
        if (server is null)
        {
            return false;
        }

        IPAddress address = server.EndPoint.Address;
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        // RFC 8310 §5.1: only the strict profile guarantees the server was authenticated; a strict lookup that
        // succeeded over TLS passed that authentication.
        return transport == DnsTransportProtocol.Tls && server.Protocol == DnsTransportProtocol.Tls
            && server.TlsProfile == TlsAuthenticationProfile.Strict;
    }
}
