namespace DnsSecure.Edns;

/// <summary>EDNS(0) option codes (IANA "DNS EDNS0 Option Codes (OPT)" registry). Other values may be cast.</summary>
public enum EdnsOptionCode : ushort
{
    /// <summary>Name server identifier (RFC 5001).</summary>
    Nsid = 3,
    /// <summary>DNSSEC algorithm understood (RFC 6975).</summary>
    Dau = 5,
    /// <summary>DS hash understood (RFC 6975).</summary>
    Dhu = 6,
    /// <summary>NSEC3 hash understood (RFC 6975).</summary>
    N3u = 7,
    /// <summary>Client subnet (RFC 7871).</summary>
    ClientSubnet = 8,
    /// <summary>Expire (RFC 7314).</summary>
    Expire = 9,
    /// <summary>Cookie (RFC 7873).</summary>
    Cookie = 10,
    /// <summary>TCP keepalive (RFC 7828).</summary>
    TcpKeepalive = 11,
    /// <summary>Padding (RFC 7830).</summary>
    Padding = 12,
    /// <summary>CHAIN query (RFC 7901).</summary>
    Chain = 13,
    /// <summary>Key tag (RFC 8145).</summary>
    KeyTag = 14,
    /// <summary>Extended DNS error (RFC 8914).</summary>
    ExtendedDnsError = 15,
}
