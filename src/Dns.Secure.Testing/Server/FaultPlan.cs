using System.Collections.Immutable;

namespace DnsSecure.Testing.Server;

/// <summary>
/// The faults a running <see cref="AuthoritativeServer"/> injects. Thread-safe: rules may be added and removed while
/// queries are being answered; each query sees one consistent set.
/// </summary>
public sealed class FaultPlan
{
    private ImmutableList<FaultRule> _rules = [];

    /// <summary>The current rules.</summary>
    public IReadOnlyList<FaultRule> Rules => Volatile.Read(ref _rules);

    /// <summary>Adds a rule and returns it (for <see cref="Remove"/>).</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ImmutableInterlocked.Update(ref _rules, static (rules, r) => rules.Add(r), rule);
        return rule;
    }

    /// <summary>Adds a fault for every query.</summary>
    public FaultRule Add(Fault fault) => Add(new FaultRule(fault));

    /// <summary>Adds a fault for the queries answered from one zone.</summary>
    public FaultRule AddForZone(DomainName zone, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Add(new FaultRule(fault) { Zone = zone });
    }

    /// <summary>Adds a fault for one name, optionally with its subdomains, optionally for one type.</summary>
    public FaultRule AddForName(DomainName name, Fault fault, RecordType? type = null, bool includeSubdomains = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Add(new FaultRule(fault) { Name = name, Type = type, IncludeSubdomains = includeSubdomains });
    }

    /// <summary>Removes a rule; false when it was not there.</summary>
    public bool Remove(FaultRule rule)
    {
        bool removed = false;
        ImmutableInterlocked.Update(ref _rules, rules =>
        {
            ImmutableList<FaultRule> next = rules.Remove(rule);
            removed = next.Count != rules.Count;
            return next;
        });
        return removed;
    }

    /// <summary>Removes every rule.</summary>
    public void Clear() => ImmutableInterlocked.Update(ref _rules, static _ => ImmutableList<FaultRule>.Empty);

    /// <summary>The faults that apply to a query, in the order the rules were added.</summary>
    internal List<Fault> Select(DomainName? zone, DomainName qname, RecordType qtype, ServerTransport transport)
    {
        var faults = new List<Fault>();
        foreach (FaultRule rule in Volatile.Read(ref _rules))
        {
            if (rule.Matches(zone, qname, qtype, transport))
            {
                faults.Add(rule.Fault);
            }
        }

        return faults;
    }
}
