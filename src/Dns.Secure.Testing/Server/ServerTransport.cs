namespace DnsSecure.Testing.Server;

/// <summary>The transport a query arrived on.</summary>
public enum ServerTransport
{
    /// <summary>UDP (RFC 1035 §4.2.1).</summary>
    Udp = 0,

    /// <summary>TCP with a two-octet length prefix (RFC 1035 §4.2.2, RFC 7766).</summary>
    Tcp = 1,
}
