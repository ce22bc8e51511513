namespace DnsSecure.Testing.Server;

/// <summary>The misbehaviours <see cref="AuthoritativeServer"/> can be told to show (see <see cref="Fault"/>).</summary>
public enum FaultKind
{
    /// <summary>No fault.</summary>
    None = 0,

    /// <summary>Remove every RRSIG from the response.</summary>
    DropSignatures,

    /// <summary>Flip one octet of every RRSIG's signature, so none verifies.</summary>
    CorruptSignatures,

    /// <summary>Answer DS records with a wrong digest (one octet flipped): the parent publishes a DS that matches no child key.</summary>
    WrongDs,

    /// <summary>Change the address of A records after signing: the RRSIG no longer matches the data.</summary>
    TamperData,

    /// <summary>Remove RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY and DS records, as a stripping middlebox does.</summary>
    StripDnssec,

    /// <summary>Answer without an OPT record even to EDNS queries.</summary>
    NoEdns,

    /// <summary>Answer FORMERR (without OPT) to queries that carry EDNS, as pre-EDNS servers do (RFC 6891 §7).</summary>
    FormErrOnEdns,

    /// <summary>Answer SERVFAIL.</summary>
    ServerFailure,

    /// <summary>Answer REFUSED.</summary>
    Refuse,

    /// <summary>Wait <see cref="Fault.Delay"/> before answering.</summary>
    Delay,

    /// <summary>Never answer.</summary>
    NoAnswer,

    /// <summary>Over UDP, always answer with TC=1 and empty sections; TCP gets the full answer.</summary>
    AlwaysTruncate,

    /// <summary>Answer with a different message ID.</summary>
    WrongId,

    /// <summary>Answer with a different question (the name gets an extra label).</summary>
    WrongQuestion,

    /// <summary>Answer DNSKEY queries with many extra keys sharing the real key tag and many RRSIGs with that tag (KeyTrap, CVE-2023-50387).</summary>
    OversizedKeySet,
}
