using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// Which NSEC/NSEC3 records a denial proof about one name can rest on. Every proof of RFC 4035 §5.4 and RFC 5155 §8
/// (NXDOMAIN, NODATA, empty non-terminal, wildcard NODATA, wildcard expansion, no DS) uses only records that match or
/// cover the name, one of its ancestors down to the zone apex (the closest encloser, the next closer name), or the
/// wildcard child of one of those ancestors. Such records are the proof's <em>targets</em>; any other NSEC/NSEC3 RRset
/// in a response is not needed, so it need not be verified and may be dropped (as Unbound keeps only the denial
/// records a proof uses). An NSEC3 record whose hash the resolver cannot or will not compute (unknown algorithm, more
/// iterations than <see cref="ValidatorOptions.MaxNsec3Iterations"/>, or more targets than
/// <see cref="ValidatorOptions.MaxNsec3HashComputations"/>) is kept as relevant, so that the proof still sees it and
/// answers Insecure where RFC 9276 says so.
/// </summary>
internal sealed class DenialRelevance
{
    private readonly DomainName _zone;
    private readonly ValidatorOptions _options;
    private readonly List<(Nsec3Rdata Parameters, byte[][] Hashes)> _hashes = [];

    public DenialRelevance(DomainName name, DomainName zone, ValidatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        _zone = zone;
        _options = options;
        Targets = TargetsOf(name, zone);
    }

    /// <summary>The name, each ancestor down to the zone, and the wildcard child of each (deepest first).</summary>
    public List<DomainName> Targets { get; }

    /// <summary>The proof targets of <paramref name="name"/> in <paramref name="zone"/>: the name, each ancestor down to the
    /// zone, and the wildcard child of each (deepest first); none when the name is not in the zone.</summary>
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
            if (ancestor.WireForm.Length + 2 <= DnsLimits.MaxNameLength)
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

    private bool IsRelevantNsec3(DomainName owner, Nsec3Rdata nsec3)
    {
        if (nsec3.HashAlgorithm != Nsec3HashAlgorithm.Sha1 || nsec3.Iterations > _options.MaxNsec3Iterations
            || !Nsec3Hash.TryGetOwnerHash(owner, out byte[]? ownerHash))
        {
            return true; // the proof decides what such a record means (RFC 5155 §8.1, RFC 9276 §3.2)
        }

        byte[][]? hashes = HashesFor(nsec3);
        if (hashes is null)
        {
            return true;
        }

        foreach (byte[] hash in hashes)
        {
            if (MatchesOrCovers(ownerHash, nsec3.NextHashedOwnerName.Span, hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The targets hashed with <paramref name="parameters"/>' salt and iterations (computed once per parameter
    /// set), or null when that would exceed the hash budget (CVE-2023-50868).</summary>
    private byte[][]? HashesFor(Nsec3Rdata parameters)
    {
        int spent = 0;
        foreach ((Nsec3Rdata known, byte[][] hashes) in _hashes)
        {
            if (known.Iterations == parameters.Iterations && known.Salt.Span.SequenceEqual(parameters.Salt.Span))
            {
                return hashes;
            }

            spent += hashes.Length;
        }

        if (spent + Targets.Count > _options.MaxNsec3HashComputations)
        {
            return null;
        }

        byte[][] computed = [.. Targets.Select(t => Nsec3Hash.Compute(t, parameters.Salt.Span, parameters.Iterations))];
        _hashes.Add((parameters, computed));
        return computed;
    }
}
