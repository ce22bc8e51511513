namespace DnsSecure.Testing.Server;

/// <summary>
/// A fault and the queries it applies to. Every condition that is set must hold; a rule with none applies to every query.
/// </summary>
/// <param name="Fault">What goes wrong.</param>
public sealed record FaultRule(Fault Fault)
{
    /// <summary>Only queries answered from the zone with this apex (for DS queries at a cut, the parent zone).</summary>
    public DomainName? Zone { get; init; }

    /// <summary>Only queries for this name (and, with <see cref="IncludeSubdomains"/>, names below it).</summary>
    public DomainName? Name { get; init; }

    /// <summary>With <see cref="Name"/>: also names below it.</summary>
    public bool IncludeSubdomains { get; init; }

    /// <summary>Only queries for this type.</summary>
    public RecordType? Type { get; init; }

    /// <summary>Only queries over this transport.</summary>
    public ServerTransport? Transport { get; init; }

    /// <summary>True when the rule applies to a query.</summary>
    public bool Matches(DomainName? zone, DomainName qname, RecordType qtype, ServerTransport transport) =>
        (Zone is null || (zone is not null && zone == Zone))
        && (Name is null || qname == Name || (IncludeSubdomains && qname.IsSubdomainOf(Name)))
        && (Type is null || Type == qtype)
        && (Transport is null || Transport == transport);
}
