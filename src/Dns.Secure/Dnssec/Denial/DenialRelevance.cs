using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// Which NSEC/NSEC3 records a denial proof about one name can rest on. Every proof of RFC 4035 §5.4 and RFC 5155 §8
/// (NXDOMAIN, NODATA, empty non-terminal, wildcard NODATA, wildcard expansion, no DS) uses only records that match or
/// cover the name, one of its ancestors down to the zone apex (the closest encloser, the next closer name), or the
/// wildcard child of one of those ancestors (the closest encloser is always a proper ancestor when a wildcard matters).
/// Such records are the proof's <em>targets</em>; any other NSEC/NSEC3 RRset
/// in a response is not needed, so it need not be verified and may be dropped (as Unbound keeps only the denial
/// records a proof uses). An NSEC3 record whose hash the resolver cannot or will not compute (unknown algorithm, more
/// iterations than <see cref="ValidatorOptions.MaxNsec3Iterations"/>, or more targets than
/// <see cref="ValidatorOptions.MaxNsec3HashComputations"/>) is kept as relevant, so that the proof still sees it and
/// answers Insecure where RFC 9276 says so. Target hashes are computed lazily, deepest target first, and handed to the
/// NSEC3 proof (<see cref="KnownHashes"/>) so that no name is hashed twice.
/// </summary>
internal sealed class DenialRelevance
{
    private readonly DomainName _zone;
    private readonly ValidatorOptions _options;
    private readonly List<(Nsec3Rdata Parameters, Dictionary<DomainName, byte[]> Hashes)> _hashes = [];
    private int _hashCount;

    public DenialRelevance(DomainName name, DomainName zone, ValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        _zone = zone;
        _options = options;
        Targets = TargetsOf(name, zone);
    }

    /// <summary>The name, each ancestor down to the zone, and the wildcard child of each ancestor (deepest first).</summary>
    public List<DomainName> Targets { get; }

    /// <summary>NSEC3 hashes computed so far, whatever their parameters. The NSEC3 proof that follows starts from this count,
    /// so one response costs at most <see cref="ValidatorOptions.MaxNsec3HashComputations"/> hashes in all (CVE-2023-50868).</summary>
    public int HashCount => _hashCount;

    /// <summary>The proof targets of <paramref name="name"/> in <paramref name="zone"/>: the name, each proper ancestor down
    /// to the zone, and the wildcard child of each ancestor (deepest first); none when the name is not in the zone.</summary>
    public static List<DomainName> TargetsOf(DomainName name, DomainName zone)
    {
        var targets = new List<DomainName>();
        if (!name.IsSubdomainOf(zone))
        {
            return targets;
        }

        for (int labels = name.LabelCount; labels >= zone.LabelCount; labels--)
        {
            DomainName ancestor = name.GetAncestor(labels);
            targets.Add(ancestor);
            if (labels < name.LabelCount && ancestor.WireForm.Length + 2 <= DnsLimits.MaxNameLength)
            {
                targets.Add(ancestor.Prepend("*"u8));
            }
        }

        return targets;
    }

    /// <summary>True when the NSEC or NSEC3 record at <paramref name="owner"/> matches or covers a target (or is an NSEC3
    /// the resolver cannot hash for, see the class summary); false for any other record.</summary>
    public bool IsRelevant(DomainName owner, Rdata data) => data switch
    {
        // RFC 4035 §5.4: a matching NSEC, or one covering the name (canonical order, the last wrapping to the apex).
        NsecRdata nsec => Targets.Exists(t => t == owner || NsecDenial.Covers(owner, nsec, t, _zone)),
        // RFC 5155 §8.3: NSEC3 owners are one hashed label under the zone apex.
        Nsec3Rdata nsec3 => owner.LabelCount == _zone.LabelCount + 1 && owner.IsSubdomainOf(_zone) && IsRelevantNsec3(owner, nsec3),
        _ => false,
    };

    /// <summary>RFC 5155 §8.3: a match (hash equal to the owner's), or a cover (owner &lt; hash &lt; next, the last NSEC3
    /// of the chain wrapping round). Every hash is compared as unsigned octets.</summary>
    public static bool MatchesOrCovers(ReadOnlySpan<byte> ownerHash, ReadOnlySpan<byte> next, ReadOnlySpan<byte> hash)
    {
        int fromOwner = hash.SequenceCompareTo(ownerHash);
        bool beforeNext = hash.SequenceCompareTo(next) < 0;
        bool wraps = next.SequenceCompareTo(ownerHash) <= 0;
        return fromOwner == 0 || (wraps ? fromOwner > 0 || beforeNext : fromOwner > 0 && beforeNext);
    }

    /// <summary>The target hashes computed so far with <paramref name="parameters"/>' salt and iterations, or null.</summary>
    public IReadOnlyDictionary<DomainName, byte[]>? KnownHashes(Nsec3Rdata parameters)
    {
        foreach ((Nsec3Rdata known, Dictionary<DomainName, byte[]> hashes) in _hashes)
        {
            if (SameParameters(known, parameters))
            {
                return hashes;
            }
        }

        return null;
    }

    private bool IsRelevantNsec3(DomainName owner, Nsec3Rdata nsec3)
    {
        if (nsec3.HashAlgorithm != Nsec3HashAlgorithm.Sha1 || nsec3.Iterations > _options.MaxNsec3Iterations
            || !Nsec3Hash.TryGetOwnerHash(owner, out byte[]? ownerHash))
        {
            return true; // the proof decides what such a record means (RFC 5155 §8.1, RFC 9276 §3.2)
        }

        foreach (DomainName target in Targets)
        {
            if (Hash(nsec3, target) is not { } hash)
            {
                return true; // over the hash budget: kept, the proof applies its own bound
            }

            if (MatchesOrCovers(ownerHash, nsec3.NextHashedOwnerName.Span, hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The hash of <paramref name="target"/> with <paramref name="parameters"/>' salt and iterations, computed once,
    /// or null beyond <see cref="ValidatorOptions.MaxNsec3HashComputations"/> hashes (CVE-2023-50868).</summary>
    private byte[]? Hash(Nsec3Rdata parameters, DomainName target)
    {
        Dictionary<DomainName, byte[]>? hashes = null;
        foreach ((Nsec3Rdata known, Dictionary<DomainName, byte[]> computed) in _hashes)
        {
            if (SameParameters(known, parameters))
            {
                hashes = computed;
                break;
            }
        }

        if (hashes is null)
        {
            hashes = [];
            _hashes.Add((parameters, hashes));
        }

        if (hashes.TryGetValue(target, out byte[]? hash))
        {
            return hash;
        }

        if (_hashCount >= _options.MaxNsec3HashComputations)
        {
            return null;
        }

        _hashCount++;
        hash = Nsec3Hash.Compute(target, parameters.Salt.Span, parameters.Iterations);
        hashes.Add(target, hash);
        return hash;
    }

    private static bool SameParameters(Nsec3Rdata a, Nsec3Rdata b) =>
        a.Iterations == b.Iterations && a.Salt.Span.SequenceEqual(b.Salt.Span);
}
