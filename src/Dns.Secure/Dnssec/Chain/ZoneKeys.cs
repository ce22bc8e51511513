using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// What the chain of trust knows about one zone: Secure with its validated DNSKEY RRset, Insecure (below a proven unsigned
/// delegation or with only unsupported algorithms), Bogus or Indeterminate with the reason.
/// </summary>
internal sealed record ZoneKeys(DomainName Zone, DnssecStatus Status, ImmutableArray<DnskeyRdata> Keys, ValidationFailure? Failure, DateTimeOffset Expires)
{
    public static ZoneKeys Secure(DomainName zone, ImmutableArray<DnskeyRdata> keys, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Secure, keys, null, expires);

    public static ZoneKeys Insecure(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Insecure, [], reason, expires);

    public static ZoneKeys Bogus(DomainName zone, ValidationFailure failure, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Bogus, [], failure, expires);

    public static ZoneKeys Indeterminate(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Indeterminate, [], reason, expires);
}
