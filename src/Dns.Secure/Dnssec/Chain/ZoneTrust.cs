using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// What the chain of trust knows about one zone: Secure with its validated DNSKEY RRset, Insecure (below a proven unsigned
/// delegation or with only unsupported algorithms), Bogus or Indeterminate with the reason.
/// </summary>
internal sealed record ZoneTrust(DomainName Zone, DnssecStatus Status, ImmutableArray<DnskeyRdata> Keys, ValidationFailure? Failure, DateTimeOffset Expires)
{
    /// <summary>The key tags of <see cref="Keys"/>, computed once: every lookup through a cached zone reports them in its chain.</summary>
    public ImmutableArray<ushort> KeyTags { get; } = Keys.IsDefaultOrEmpty ? [] : [.. Keys.Select(k => k.KeyTag)];

    public static ZoneTrust Secure(DomainName zone, ImmutableArray<DnskeyRdata> keys, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Secure, keys, null, expires);

    public static ZoneTrust Insecure(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Insecure, [], reason, expires);

    public static ZoneTrust Bogus(DomainName zone, ValidationFailure failure, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Bogus, [], failure, expires);

    public static ZoneTrust Indeterminate(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Indeterminate, [], reason, expires);
}
