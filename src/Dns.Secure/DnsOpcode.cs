namespace DnsSecure;

/// <summary>DNS OpCodes (IANA "DNS OpCodes" registry).</summary>
public enum DnsOpcode : byte
{
    /// <summary>Standard query.</summary>
    Query = 0,
    /// <summary>Inverse query (obsolete, RFC 3425).</summary>
    IQuery = 1,
    /// <summary>Server status request.</summary>
    Status = 2,
    /// <summary>Zone change notification (RFC 1996).</summary>
    Notify = 4,
    /// <summary>Dynamic update (RFC 2136).</summary>
    Update = 5,
    /// <summary>DNS stateful operations (RFC 8490).</summary>
    Dso = 6,
}
