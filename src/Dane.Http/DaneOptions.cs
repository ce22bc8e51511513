using DaneSockets.Policy;

namespace DaneHttp;

/// <summary>
/// Settings of DANE HttpClients, bindable from configuration (section "Dane"): policy, trust anchors, resolver servers,
/// timeouts and cache size. Validated when the host starts.
/// </summary>
public sealed class DaneOptions
{
    /// <summary>Required (default): no secure, matching TLSA → no connection. Opportunistic: proven absent or insecure TLSA → ordinary PKIX.</summary>
    public DanePolicy Policy { get; set; } = DanePolicy.Required;

    /// <summary>Trust anchors as DS or DNSKEY records in presentation format; empty means the built-in IANA root anchors.</summary>
    public IList<string> TrustAnchors { get; } = new List<string>();

    /// <summary>A file of trust anchors (presentation format or IANA root-anchors.xml), added to <see cref="TrustAnchors"/>.</summary>
    public string? TrustAnchorFile { get; set; }

    /// <summary>Recursive servers as <c>ip</c> or <c>ip:port</c> (<c>[v6]:port</c>); empty means the system's (resolv.conf).</summary>
    public IList<string> Servers { get; } = new List<string>();

    /// <summary>Time limit of one DNS query.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time limit of TCP connect plus TLS handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Validated answers kept in the cache.</summary>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>Use TLSA only when the host's address records are secure (RFC 7672 §2.2 applied to HTTPS).</summary>
    public bool RequireSecureAddresses { get; set; }

    /// <summary>Also check names on DANE-EE matches (RFC 7671 §5.1 says not to).</summary>
    public bool CheckDaneEeNames { get; set; }

    /// <summary>Upper bound of a pooled connection's life, whatever the TLSA TTL says.</summary>
    public TimeSpan MaxConnectionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of simultaneous connections to one endpoint (host and port); further requests wait for a pooled one.</summary>
    public int MaxConnectionsPerServer { get; set; } = int.MaxValue;

    /// <summary>An HTTP proxy (CONNECT) to reach origins through; TLS to the origin is still authenticated by its TLSA.</summary>
    public Uri? Proxy { get; set; }
}
