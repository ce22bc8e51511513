using System.Collections.Immutable;
using System.Net;
using System.Net.Security;

namespace DnsSecure.Transport;

/// <summary>
/// One upstream name server: its address and port, the transport to reach it and, for DNS over TLS,
/// how to authenticate it (RFC 7858 §4.2, RFC 8310).
/// </summary>
public sealed record NameServer
{
    /// <summary>The well-known DNS port (RFC 1035 §4.2).</summary>
    public const int DnsPort = 53;

    /// <summary>The well-known DNS-over-TLS port (RFC 7858 §3.1).</summary>
    public const int TlsPort = 853;

    /// <summary>Creates a server description.</summary>
    /// <param name="endPoint">Address and port of the server.</param>
    /// <param name="protocol">The transport to use.</param>
    public NameServer(IPEndPoint endPoint, DnsTransportProtocol protocol = DnsTransportProtocol.Udp)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        EndPoint = endPoint;
        Protocol = protocol;
    }

    /// <summary>Address and port of the server.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The transport to use.</summary>
    public DnsTransportProtocol Protocol { get; init; }

    /// <summary>
    /// For <see cref="DnsTransportProtocol.Tls"/>: the authentication domain name checked against the server's
    /// certificate (RFC 8310 §8) and sent as SNI. Null means the address itself.
    /// </summary>
    public string? TlsHostName { get; init; }

    /// <summary>
    /// For <see cref="DnsTransportProtocol.Tls"/>: SHA-256 digests of SubjectPublicKeyInfo structures (RFC 7858 §4.2,
    /// RFC 7469 §2.4). When not empty the server is authenticated by these pins alone: one certificate of the chain
    /// it presents must carry a pinned key.
    /// </summary>
    public ImmutableArray<ReadOnlyMemory<byte>> TlsSpkiPins { get; init; } = [];

    /// <summary>For <see cref="DnsTransportProtocol.Tls"/>: strict (the default) or opportunistic (RFC 8310 §5).</summary>
    public TlsAuthenticationProfile TlsProfile { get; init; }

    /// <summary>A validation callback replacing the platform's chain and name checks (used by tests with private roots).</summary>
    internal RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>A plain DNS server (UDP with TCP fallback) on port 53 or the given port.</summary>
    public static NameServer Udp(IPAddress address, int port = DnsPort) => new(new IPEndPoint(address, port));

    /// <summary>A TCP-only DNS server on port 53 or the given port.</summary>
    public static NameServer Tcp(IPAddress address, int port = DnsPort) => new(new IPEndPoint(address, port), DnsTransportProtocol.Tcp);

    /// <summary>A DNS-over-TLS server authenticated by <paramref name="hostName"/> (RFC 8310 §8.1).</summary>
    public static NameServer Tls(IPAddress address, string hostName, int port = TlsPort) =>
        new(new IPEndPoint(address, port), DnsTransportProtocol.Tls) { TlsHostName = hostName };

    /// <summary>Presentation form, e.g. <c>tls://192.0.2.1:853#dns.example</c>.</summary>
    public override string ToString() => Protocol switch
    {
        DnsTransportProtocol.Tcp => $"tcp://{EndPoint}",
        DnsTransportProtocol.Tls => TlsHostName is null ? $"tls://{EndPoint}" : $"tls://{EndPoint}#{TlsHostName}",
        _ => $"udp://{EndPoint}",
    };
}
