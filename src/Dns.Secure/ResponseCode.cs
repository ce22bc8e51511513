namespace DnsSecure;

/// <summary>
/// DNS RCODEs (IANA "DNS RCODEs" registry), including the extended values that need EDNS (RFC 6891 §6.1.3):
/// the header holds the low 4 bits, the OPT record the high 8.
/// </summary>
public enum ResponseCode : ushort
{
    /// <summary>No error.</summary>
    NoError = 0,
    /// <summary>Format error.</summary>
    FormErr = 1,
    /// <summary>Server failure.</summary>
    ServFail = 2,
    /// <summary>Non-existent domain.</summary>
    NXDomain = 3,
    /// <summary>Not implemented.</summary>
    NotImp = 4,
    /// <summary>Query refused.</summary>
    Refused = 5,
    /// <summary>Name exists when it should not (RFC 2136).</summary>
    YXDomain = 6,
    /// <summary>RRset exists when it should not (RFC 2136).</summary>
    YXRRSet = 7,
    /// <summary>RRset that should exist does not (RFC 2136).</summary>
    NXRRSet = 8,
    /// <summary>Not authoritative / not authorized.</summary>
    NotAuth = 9,
    /// <summary>Name not contained in zone (RFC 2136).</summary>
    NotZone = 10,
    /// <summary>DSO-TYPE not implemented (RFC 8490).</summary>
    DsoTypeNI = 11,
    /// <summary>Bad OPT version (RFC 6891); needs EDNS.</summary>
    BadVers = 16,
    /// <summary>Bad key (RFC 8945).</summary>
    BadKey = 17,
    /// <summary>Bad timestamp (RFC 8945).</summary>
    BadTime = 18,
    /// <summary>Bad TKEY mode (RFC 2930).</summary>
    BadMode = 19,
    /// <summary>Duplicate key name (RFC 2930).</summary>
    BadName = 20,
    /// <summary>Algorithm not supported (RFC 2930).</summary>
    BadAlg = 21,
    /// <summary>Bad truncation (RFC 8945).</summary>
    BadTrunc = 22,
    /// <summary>Bad or missing server cookie (RFC 7873).</summary>
    BadCookie = 23,
}
