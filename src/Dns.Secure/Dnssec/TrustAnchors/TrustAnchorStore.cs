using System.Collections.Immutable;

namespace DnsSecure.Dnssec.TrustAnchors;

/// <summary>
/// The validator's immutable set of trust anchors (positive, per zone: the root, or private roots) and negative trust
/// anchors (RFC 7646: names below which validation is switched off). Changes return a new store.
/// </summary>
public sealed class TrustAnchorStore
{
    private readonly ImmutableDictionary<DomainName, TrustAnchor> _anchors;
    private readonly ImmutableHashSet<DomainName> _negative;

    private TrustAnchorStore(ImmutableDictionary<DomainName, TrustAnchor> anchors, ImmutableHashSet<DomainName> negative)
    {
        _anchors = anchors;
        _negative = negative;
    }

    /// <summary>A store without anchors: every answer is Indeterminate.</summary>
    public static TrustAnchorStore Empty { get; } = new(ImmutableDictionary<DomainName, TrustAnchor>.Empty, []);

    /// <summary>A store with the IANA root anchors (<see cref="RootTrustAnchors"/>).</summary>
    public static TrustAnchorStore Default { get; } = Empty.Add(RootTrustAnchors.Anchor);

    /// <summary>The positive anchors, one per zone.</summary>
    public IEnumerable<TrustAnchor> Anchors => _anchors.Values;

    /// <summary>The negative trust anchors (RFC 7646).</summary>
    public IEnumerable<DomainName> NegativeAnchors => _negative;

    /// <summary>Creates a store from anchors and negative anchors.</summary>
    public static TrustAnchorStore Create(IEnumerable<TrustAnchor> anchors, IEnumerable<DomainName>? negativeAnchors = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        TrustAnchorStore store = Empty;
        foreach (TrustAnchor anchor in anchors)
        {
            store = store.Add(anchor);
        }

        foreach (DomainName name in negativeAnchors ?? [])
        {
            store = store.AddNegative(name);
        }

        return store;
    }

    /// <summary>This store with <paramref name="anchor"/> added (merged with an existing anchor for the same zone).</summary>
    public TrustAnchorStore Add(TrustAnchor anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        DomainName key = anchor.Zone.ToLowerCase();
        TrustAnchor merged = _anchors.TryGetValue(key, out TrustAnchor? existing) ? existing.Merge(anchor) : anchor;
        return new TrustAnchorStore(_anchors.SetItem(key, merged), _negative);
    }

    /// <summary>This store with a negative trust anchor at <paramref name="name"/> (RFC 7646).</summary>
    public TrustAnchorStore AddNegative(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new TrustAnchorStore(_anchors, _negative.Add(name.ToLowerCase()));
    }

    /// <summary>The anchor for exactly <paramref name="zone"/>, or null.</summary>
    public TrustAnchor? Get(DomainName zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _anchors.GetValueOrDefault(zone.ToLowerCase());
    }

    /// <summary>The deepest positive anchor at or above <paramref name="name"/>, or null when none covers it.</summary>
    public TrustAnchor? FindClosest(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int labels = name.LabelCount; labels >= 0; labels--)
        {
            if (_anchors.TryGetValue(name.GetAncestor(labels).ToLowerCase(), out TrustAnchor? anchor))
            {
                return anchor;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="name"/> is at or below a negative trust anchor that is not itself overridden by a
    /// deeper positive anchor (RFC 7646: the NTA covers the domain and everything below it, except where a
    /// configured trust anchor sits deeper).
    /// </summary>
    public bool IsUnderNegativeAnchor(DomainName name, out DomainName? negativeAnchor)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int labels = name.LabelCount; labels >= 0; labels--)
        {
            DomainName candidate = name.GetAncestor(labels).ToLowerCase();
            if (_negative.Contains(candidate))
            {
                negativeAnchor = candidate;
                return true;
            }

            if (_anchors.ContainsKey(candidate))
            {
                break;
            }
        }

        negativeAnchor = null;
        return false;
    }
}
