namespace DaneSockets.Results;

/// <summary>The verdict of matching a TLSA RRset against a presented certificate chain.</summary>
public enum DaneOutcome
{
    /// <summary>Usable TLSA records exist but none authenticated the chain: the connection must fail closed.
    /// This is the default value, so an unset verdict never reads as success.</summary>
    Failed = 0,

    /// <summary>A usable TLSA record authenticated the chain (RFC 6698 §2.1.1, RFC 7671 §5).</summary>
    Verified = 1,

    /// <summary>The RRset holds no usable record (RFC 7671 §4.1): treat it as if there were no TLSA records.</summary>
    NotApplicable = 2,
}
