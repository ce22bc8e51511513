namespace DnsSecure.Dnssec.Chain;

/// <summary>The outcome of checking one RRset's signatures with one zone's keys.</summary>
/// <param name="Status">Secure when a signature verified; Bogus otherwise.</param>
/// <param name="Failure">Why no signature verified.</param>
/// <param name="Rrsig">The signature that verified.</param>
/// <param name="Ttl">The RRset TTL capped by the RRSIG original TTL and the time left before expiration (RFC 4035 §5.3.3).</param>
internal sealed record RrsetCheck(DnssecStatus Status, ValidationFailure? Failure, Records.RrsigRdata? Rrsig, uint Ttl);
