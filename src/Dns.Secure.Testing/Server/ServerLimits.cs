namespace DnsSecure.Testing.Server;

/// <summary>The hard limits of the test server, in one place.</summary>
public static class ServerLimits
{
    /// <summary>Maximum CNAME/DNAME links followed inside one zone before the answer stops.</summary>
    public const int MaxChainLength = 16;

    /// <summary>Maximum TCP queries of one connection being answered at once (RFC 7766 §6.2.1.1 pipelining).</summary>
    public const int MaxConcurrentQueriesPerConnection = 64;

    /// <summary>How long an idle TCP connection is kept open (RFC 7766 §6.2.3).</summary>
    public static readonly TimeSpan TcpIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many times binding TCP to the port the UDP socket got is tried before giving up.</summary>
    public const int BindAttempts = 20;
}
