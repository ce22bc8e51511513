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

    // Up to this many anchors (and as many negative ones), the lookups below scan them instead of making every ancestor of
    // the name (an allocation each) to probe the tables: a validator usually has one anchor, the root, and no negative ones.
    private const int ScanLimit = 16;

    // The tables' entries as arrays when they are small (see ScanLimit), else null.
    private readonly KeyValuePair<DomainName, TrustAnchor>[]? _anchorScan;
    private readonly DomainName[]? _negativeScan;

    private TrustAnchorStore(ImmutableDictionary<DomainName, TrustAnchor> anchors, ImmutableHashSet<DomainName> negative)
    {
        _anchors = anchors;
        _negative = negative;
        if (anchors.Count <= ScanLimit && negative.Count <= ScanLimit)
        {
            _anchorScan = [.. anchors];
            _negativeScan = [.. negative];
        }
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
        if (_anchorScan is not null)
        {
            return DeepestCovering(_anchorScan, name)?.Value;
        }

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
        if (_negativeScan is not null)
        {
            // The same answer as the walk below: the deepest negative anchor covering the name, unless a positive anchor
            // covers it from deeper down (at the same name, the negative one wins, as the walk looks at it first).
            negativeAnchor = null;
            foreach (DomainName negative in _negativeScan)
            {
                if (name.IsSubdomainOf(negative) && (negativeAnchor is null || negative.LabelCount > negativeAnchor.LabelCount))
                {
                    negativeAnchor = negative;
                }
            }

            if (negativeAnchor is not null && DeepestCovering(_anchorScan!, name) is { } positive && positive.Key.LabelCount > negativeAnchor.LabelCount)
            {
                negativeAnchor = null;
            }

            return negativeAnchor is not null;
        }

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

    private static KeyValuePair<DomainName, TrustAnchor>? DeepestCovering(KeyValuePair<DomainName, TrustAnchor>[] anchors, DomainName name)
    {
        KeyValuePair<DomainName, TrustAnchor>? best = null;
        foreach (KeyValuePair<DomainName, TrustAnchor> entry in anchors)
        {
            if (name.IsSubdomainOf(entry.Key) && (best is null || entry.Key.LabelCount > best.Value.Key.LabelCount))
            {
                best = entry;
            }
        }

        return best;
    }
}
