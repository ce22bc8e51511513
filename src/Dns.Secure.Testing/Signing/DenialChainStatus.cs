namespace DnsSecure.Testing.Signing;

/// <summary>What <see cref="SignedZoneVerifier"/> found of a zone's NSEC or NSEC3 chain.</summary>
public enum DenialChainStatus
{
    /// <summary>The chain is missing, incomplete or inconsistent with the zone's data (the failing value is the default).</summary>
    Broken = 0,

    /// <summary>The chain covers every authoritative name in order and each bitmap lists exactly the types present.</summary>
    Complete,

    /// <summary>Not checked: the records are signed RRsets, not a whole zone (no SOA at the apex).</summary>
    NotApplicable,
}
