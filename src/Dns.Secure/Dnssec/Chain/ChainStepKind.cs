namespace DnsSecure.Dnssec.Chain;

/// <summary>What one step of a chain of trust checked.</summary>
public enum ChainStepKind
{
    /// <summary>A DNSKEY RRset matched a configured trust anchor.</summary>
    TrustAnchor,
    /// <summary>A DS RRset was validated with the parent's keys.</summary>
    DelegationSigner,
    /// <summary>A DNSKEY RRset matched the DS set and was validated with its own key.</summary>
    ZoneKeys,
    /// <summary>A delegation was proven to have no DS: the zone below is unsigned.</summary>
    InsecureDelegation,
    /// <summary>An RRset of the answer was validated.</summary>
    Rrset,
    /// <summary>A proof of non-existence (NSEC/NSEC3) was checked.</summary>
    Denial,

    /// <summary>The answer was taken as validated from a trusted upstream's AD bit (loopback or strictly authenticated DNS
    /// over TLS), by <see cref="Resolution.ValidatingResolverOptions.TrustUpstreamAuthenticatedData"/>.</summary>
    UpstreamAuthenticated,
}
