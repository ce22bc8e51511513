namespace DnsSecure;

/// <summary>Resource record CLASSes (IANA "DNS CLASSes" registry). Other values may be cast; text form <c>CLASS</c><i>n</i>.</summary>
public enum RecordClass : ushort
{
    /// <summary>The Internet.</summary>
    IN = 1,
    /// <summary>Chaos.</summary>
    CH = 3,
    /// <summary>Hesiod.</summary>
    HS = 4,
    /// <summary>NONE (RFC 2136), in updates only.</summary>
    None = 254,
    /// <summary>ANY (RFC 1035 "*"), in queries only.</summary>
    Any = 255,
}
