namespace DnsSecure;

/// <summary>
/// Resource record TYPEs (IANA "Resource Record (RR) TYPEs" registry). Values not named here are still valid:
/// cast any 16-bit number; their text form is <c>TYPE</c><i>n</i> (RFC 3597 §5).
/// </summary>
public enum RecordType : ushort
{
    /// <summary>Reserved; never valid in data.</summary>
    None = 0,
    /// <summary>IPv4 address (RFC 1035).</summary>
    A = 1,
    /// <summary>Authoritative name server (RFC 1035).</summary>
    NS = 2,
    /// <summary>Mail destination (obsolete, RFC 1035).</summary>
    MD = 3,
    /// <summary>Mail forwarder (obsolete, RFC 1035).</summary>
    MF = 4,
    /// <summary>Canonical name (RFC 1035).</summary>
    CNAME = 5,
    /// <summary>Start of authority (RFC 1035).</summary>
    SOA = 6,
    /// <summary>Mailbox (RFC 1035).</summary>
    MB = 7,
    /// <summary>Mail group member (RFC 1035).</summary>
    MG = 8,
    /// <summary>Mail rename (RFC 1035).</summary>
    MR = 9,
    /// <summary>Null RR (RFC 1035).</summary>
    NULL = 10,
    /// <summary>Well-known services (RFC 1035).</summary>
    WKS = 11,
    /// <summary>Domain name pointer (RFC 1035).</summary>
    PTR = 12,
    /// <summary>Host information (RFC 1035).</summary>
    HINFO = 13,
    /// <summary>Mailbox information (RFC 1035).</summary>
    MINFO = 14,
    /// <summary>Mail exchange (RFC 1035).</summary>
    MX = 15,
    /// <summary>Text strings (RFC 1035).</summary>
    TXT = 16,
    /// <summary>Responsible person (RFC 1183).</summary>
    RP = 17,
    /// <summary>AFS database (RFC 1183).</summary>
    AFSDB = 18,
    /// <summary>X.25 address (RFC 1183).</summary>
    X25 = 19,
    /// <summary>ISDN address (RFC 1183).</summary>
    ISDN = 20,
    /// <summary>Route through (RFC 1183).</summary>
    RT = 21,
    /// <summary>NSAP address (RFC 1706).</summary>
    NSAP = 22,
    /// <summary>NSAP pointer (RFC 1706).</summary>
    NSAPPTR = 23,
    /// <summary>Signature (RFC 2535, obsolete).</summary>
    SIG = 24,
    /// <summary>Key (RFC 2535).</summary>
    KEY = 25,
    /// <summary>X.400 mail mapping (RFC 2163).</summary>
    PX = 26,
    /// <summary>Geographical position (RFC 1712).</summary>
    GPOS = 27,
    /// <summary>IPv6 address (RFC 3596).</summary>
    AAAA = 28,
    /// <summary>Location (RFC 1876).</summary>
    LOC = 29,
    /// <summary>Next domain (obsolete, RFC 2535).</summary>
    NXT = 30,
    /// <summary>Service location (RFC 2782).</summary>
    SRV = 33,
    /// <summary>Naming authority pointer (RFC 3403).</summary>
    NAPTR = 35,
    /// <summary>Key exchanger (RFC 2230).</summary>
    KX = 36,
    /// <summary>Certificate (RFC 4398).</summary>
    CERT = 37,
    /// <summary>IPv6 address, experimental (RFC 6563).</summary>
    A6 = 38,
    /// <summary>Delegation name (RFC 6672).</summary>
    DNAME = 39,
    /// <summary>EDNS pseudo-record (RFC 6891).</summary>
    OPT = 41,
    /// <summary>Address prefix list (RFC 3123).</summary>
    APL = 42,
    /// <summary>Delegation signer (RFC 4034).</summary>
    DS = 43,
    /// <summary>SSH key fingerprint (RFC 4255).</summary>
    SSHFP = 44,
    /// <summary>IPsec key (RFC 4025).</summary>
    IPSECKEY = 45,
    /// <summary>Resource record signature (RFC 4034).</summary>
    RRSIG = 46,
    /// <summary>Next secure (RFC 4034).</summary>
    NSEC = 47,
    /// <summary>DNS public key (RFC 4034).</summary>
    DNSKEY = 48,
    /// <summary>DHCP identifier (RFC 4701).</summary>
    DHCID = 49,
    /// <summary>Hashed next secure (RFC 5155).</summary>
    NSEC3 = 50,
    /// <summary>NSEC3 parameters (RFC 5155).</summary>
    NSEC3PARAM = 51,
    /// <summary>TLS certificate association (RFC 6698).</summary>
    TLSA = 52,
    /// <summary>S/MIME certificate association (RFC 8162).</summary>
    SMIMEA = 53,
    /// <summary>Host identity protocol (RFC 8005).</summary>
    HIP = 55,
    /// <summary>Child DS (RFC 7344).</summary>
    CDS = 59,
    /// <summary>Child DNSKEY (RFC 7344).</summary>
    CDNSKEY = 60,
    /// <summary>OpenPGP key (RFC 7929).</summary>
    OPENPGPKEY = 61,
    /// <summary>Child-to-parent synchronization (RFC 7477).</summary>
    CSYNC = 62,
    /// <summary>Message digest for DNS zones (RFC 8976).</summary>
    ZONEMD = 63,
    /// <summary>General-purpose service binding (RFC 9460).</summary>
    SVCB = 64,
    /// <summary>HTTPS service binding (RFC 9460).</summary>
    HTTPS = 65,
    /// <summary>Sender policy framework (RFC 7208, obsolete as a type).</summary>
    SPF = 99,
    /// <summary>Transaction key (RFC 2930).</summary>
    TKEY = 249,
    /// <summary>Transaction signature (RFC 8945).</summary>
    TSIG = 250,
    /// <summary>Incremental zone transfer (RFC 1995), query only.</summary>
    IXFR = 251,
    /// <summary>Zone transfer (RFC 5936), query only.</summary>
    AXFR = 252,
    /// <summary>Mailbox-related records (RFC 1035), query only.</summary>
    MAILB = 253,
    /// <summary>Mail agent records (obsolete), query only.</summary>
    MAILA = 254,
    /// <summary>All records (RFC 1035 "*"), query only.</summary>
    ANY = 255,
    /// <summary>Uniform resource identifier (RFC 7553).</summary>
    URI = 256,
    /// <summary>Certification authority authorization (RFC 8659).</summary>
    CAA = 257,
    /// <summary>DNSSEC lookaside validation (RFC 4431, historic).</summary>
    DLV = 32769,
}
