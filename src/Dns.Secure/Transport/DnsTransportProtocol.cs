namespace DnsSecure.Transport;

/// <summary>How queries reach a name server.</summary>
public enum DnsTransportProtocol
{
    /// <summary>UDP, retried over TCP when the answer is truncated (RFC 1035 §4.2.1, RFC 7766 §5).</summary>
    Udp = 0,

    /// <summary>TCP only, with a 2-octet length prefix and connection reuse (RFC 7766).</summary>
    Tcp = 1,

    /// <summary>DNS over TLS (RFC 7858), normally on port 853.</summary>
    Tls = 2,
}
