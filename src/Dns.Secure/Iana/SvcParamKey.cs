namespace DnsSecure.Iana;

/// <summary>Service Parameter Keys (SvcParamKeys) (IANA registry; RFC 9460 §14.3). Other values may be cast;
/// their text form is <c>key</c><i>n</i>.</summary>
public enum SvcParamKey : ushort
{
    /// <summary>Keys the client must understand to use the record (RFC 9460 §8).</summary>
    Mandatory = 0,
    /// <summary>Additional supported protocols (RFC 9460 §7.1).</summary>
    Alpn = 1,
    /// <summary>No support for the default protocol (RFC 9460 §7.1).</summary>
    NoDefaultAlpn = 2,
    /// <summary>Port for alternative endpoint (RFC 9460 §7.2).</summary>
    Port = 3,
    /// <summary>IPv4 address hints (RFC 9460 §7.3).</summary>
    Ipv4Hint = 4,
    /// <summary>Encrypted ClientHello configuration (RFC 9460 §14.3.2, RFC 9849).</summary>
    Ech = 5,
    /// <summary>IPv6 address hints (RFC 9460 §7.3).</summary>
    Ipv6Hint = 6,
    /// <summary>DNS over HTTPS path template (RFC 9461 §5).</summary>
    DohPath = 7,
    /// <summary>Oblivious HTTP gateway (RFC 9540 §4).</summary>
    Ohttp = 8,
    /// <summary>Reserved "invalid key" (RFC 9460 §14.3.2).</summary>
    InvalidKey = 65535,
}
