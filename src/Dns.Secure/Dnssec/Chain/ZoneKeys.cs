using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>The validated DNSKEY set of one zone, or why the zone is insecure or bogus (Unbound's "key entry").</summary>
/// <param name="Zone">The zone apex.</param>
/// <param name="Status">Secure: <paramref name="Keys"/> may be used; Insecure: the zone is provably unsigned;
/// Bogus or Indeterminate: nothing below may be trusted.</param>
/// <param name="Keys">The zone's DNSKEYs when Secure.</param>
/// <param name="Failure">Why the status is not Secure.</param>
public sealed record ZoneKeys(DomainName Zone, DnssecStatus Status, ImmutableArray<DnskeyRdata> Keys, ValidationFailure? Failure)
{
    internal static ZoneKeys Secure(DomainName zone, IEnumerable<DnskeyRdata> keys) => new(zone, DnssecStatus.Secure, [.. keys], null);

    internal static ZoneKeys Insecure(DomainName zone, ValidationFailure? reason) => new(zone, DnssecStatus.Insecure, [], reason);

    internal static ZoneKeys Bogus(DomainName zone, ValidationFailure failure) => new(zone, DnssecStatus.Bogus, [], failure);

    internal static ZoneKeys Indeterminate(DomainName zone) => new(zone, DnssecStatus.Indeterminate, [], null);
}
