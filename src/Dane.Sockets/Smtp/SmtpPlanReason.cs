namespace DaneSockets.Smtp;

/// <summary>Why an MX host got its <see cref="SmtpTlsLevel"/>, or why a domain has no MX host to try.</summary>
public enum SmtpPlanReason
{
    /// <summary>The MX lookup did not complete (RFC 7672 §2.1.1: delivery is deferred, never downgraded).</summary>
    MxIndeterminate = 0,

    /// <summary>The MX RRset failed DNSSEC validation (RFC 7672 §2.2.1: delivery is deferred).</summary>
    MxBogus = 1,

    /// <summary>The MX RRset is insecure, so DANE does not apply to any of its hosts (RFC 7672 §2.2.1).</summary>
    MxInsecure = 2,

    /// <summary>The domain publishes a null MX: it accepts no mail (RFC 7505 §3).</summary>
    NullMx = 3,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NoSuchDomain = 4,

    /// <summary>The host's address lookup did not complete.</summary>
    AddressIndeterminate = 5,

    /// <summary>The host's address records failed DNSSEC validation.</summary>
    AddressBogus = 6,

    /// <summary>The host has no address records.</summary>
    NoAddresses = 7,

    /// <summary>The host's address records are insecure, so its TLSA records are not used (RFC 7672 §2.2.2).</summary>
    AddressInsecure = 8,

    /// <summary>The TLSA lookup did not complete (RFC 7672 §2.2: the host is skipped).</summary>
    TlsaIndeterminate = 9,

    /// <summary>The TLSA RRset failed DNSSEC validation (RFC 7672 §2.2: the host is skipped).</summary>
    TlsaBogus = 10,

    /// <summary>A secure TLSA RRset with at least one record usable for SMTP (DANE-TA or DANE-EE, RFC 7672 §3.1).</summary>
    TlsaUsable = 11,

    /// <summary>A secure TLSA RRset none of whose records is usable for SMTP (RFC 7672 §3.1.3: usages 0 and 1 are not).</summary>
    TlsaAllUnusable = 12,

    /// <summary>DNSSEC proves there is no TLSA RRset.</summary>
    TlsaAbsent = 13,

    /// <summary>The TLSA answer is insecure.</summary>
    TlsaInsecure = 14,

    /// <summary>The MX list named more hosts than <see cref="SmtpDaneOptions.MaxMxHosts"/>; this one was not looked up.</summary>
    OverMxLimit = 15,
}
