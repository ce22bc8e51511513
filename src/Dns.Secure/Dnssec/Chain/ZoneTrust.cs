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

    // The last "cached" step made from these keys: every lookup through the cached zone reports the same (immutable) step,
    // so it is made once, not per answer. A race only makes an equal step twice.
    private ChainStep? _cachedStep;

    /// <summary>Equality of the zone's facts only; the cached step is a memo, not part of the value.</summary>
    public bool Equals(ZoneTrust? other) =>
        other is not null && Zone.Equals(other.Zone) && Status == other.Status && Keys.Equals(other.Keys) && Equals(Failure, other.Failure) && Expires == other.Expires;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Zone, Status, Keys, Failure, Expires);

    /// <summary>The chain step of a lookup that finds these keys in the cache at <paramref name="owner"/>.</summary>
    public ChainStep CachedStep(DomainName owner)
    {
        ChainStep? step = _cachedStep;
        // The step is checked against this instance's values too: a `with` copy carries the field along.
        if (step is null || !step.Owner.WireForm.SequenceEqual(owner.WireForm) || step.Status != Status || !step.Zone.Equals(Zone))
        {
            // Exact bytes, not DNS equality: the step names the owner as this lookup spelled it.
            step = new ChainStep
            {
                Kind = Status == DnssecStatus.Insecure ? ChainStepKind.InsecureDelegation : ChainStepKind.ZoneKeys,
                Zone = Zone, Owner = owner, Type = RecordType.DNSKEY, Status = Status, Detail = "cached", KeyTags = KeyTags,
            };
            _cachedStep = step;
        }

        return step;
    }

    public static ZoneTrust Secure(DomainName zone, ImmutableArray<DnskeyRdata> keys, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Secure, keys, null, expires);

    public static ZoneTrust Insecure(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Insecure, [], reason, expires);

    public static ZoneTrust Bogus(DomainName zone, ValidationFailure failure, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Bogus, [], failure, expires);

    public static ZoneTrust Indeterminate(DomainName zone, ValidationFailure? reason, DateTimeOffset expires) =>
        new(zone, DnssecStatus.Indeterminate, [], reason, expires);
}
