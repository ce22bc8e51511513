using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// Denial of existence with NSEC3 records (RFC 5155 §8) over one zone's records. Hashes are cached per name and their
/// number is bounded by <see cref="ValidatorOptions.MaxNsec3HashComputations"/> (CVE-2023-50868); iteration counts above
/// <see cref="ValidatorOptions.MaxNsec3Iterations"/> make every proof Insecure (RFC 9276 §3.2).
/// </summary>
internal sealed class Nsec3Denial
{
    private readonly List<Nsec3Entry> _records = [];
    private readonly DomainName _zone;
    private readonly ValidatorOptions _options;
    private readonly Dictionary<DomainName, byte[]> _hashes = [];
    private readonly ReadOnlyMemory<byte> _salt;
    private readonly ushort _iterations;
    private readonly bool _iterationsTooHigh;
    private int _hashCount;

    /// <param name="records">The zone's NSEC3 records handed in.</param>
    /// <param name="zone">The zone apex.</param>
    /// <param name="options">Work limits.</param>
    /// <param name="relevance">When given, the target hashes it already computed with the chain's parameters are reused, and
    /// every hash it computed counts against this proof's bound: the two passes share one budget per response.</param>
    public Nsec3Denial(List<(DomainName Owner, Nsec3Rdata Data)> records, DomainName zone, ValidatorOptions options, DenialRelevance? relevance = null)
    {
        _zone = zone;
        _options = options;
        _hashCount = relevance?.HashCount ?? 0;
        Nsec3Rdata? first = null;
        foreach ((DomainName owner, Nsec3Rdata data) in records)
        {
            // RFC 5155 §8.1: unknown hash algorithms are ignored; §8.2: so are flags other than 0 and 1 (opt-out).
            if (data.HashAlgorithm != Nsec3HashAlgorithm.Sha1 || (data.Flags & ~Nsec3Rdata.OptOutFlag) != 0
                || data.NextHashedOwnerName.Length != Nsec3Hash.Sha1HashLength
                || !Nsec3Hash.TryGetOwnerHash(owner, out byte[]? ownerHash) || ownerHash.Length != Nsec3Hash.Sha1HashLength)
            {
                continue;
            }

            // RFC 5155 §7.1: every NSEC3 of a zone uses the same parameters; records with others are not this chain.
            first ??= data;
            if (data.Iterations != first.Iterations || !data.Salt.Span.SequenceEqual(first.Salt.Span))
            {
                continue;
            }

            _records.Add(new Nsec3Entry(ownerHash, data));
        }

        if (first is not null)
        {
            _salt = first.Salt;
            _iterations = first.Iterations;
            _iterationsTooHigh = first.Iterations > options.MaxNsec3Iterations;
            if (relevance?.KnownHashes(first) is { } known)
            {
                foreach ((DomainName name, byte[] hash) in known)
                {
                    _hashes.TryAdd(name, hash);
                }
            }
        }
    }

    /// <summary>How many hashes were computed so far for this response (the relevance pass's included).</summary>
    public int HashCount => _hashCount;

    public DenialProof ProveNameError(DomainName queryName)
    {
        if (Precheck(queryName, RecordType.None) is { } early)
        {
            return early;
        }

        // RFC 5155 §8.4: closest encloser proof, plus a cover for the wildcard at the closest encloser.
        Outcome ce = ProveClosestEncloser(queryName);
        if (ce.Failure is not null)
        {
            return ce.Failure;
        }

        if (ce.NameExists)
        {
            return Bogus(queryName, "an NSEC3 matches the name, so it exists");
        }

        DomainName wildcard = ce.ClosestEncloser!.Prepend("*"u8);
        if (Hash(wildcard) is not { } wildcardHash)
        {
            return WorkLimit(wildcard);
        }

        if (FindCover(wildcardHash) is null)
        {
            return Bogus(wildcard, "no NSEC3 covers the wildcard at the closest encloser");
        }

        // RFC 5155 §9.2: with opt-out on the next closer name, an unsigned delegation may exist there: not Secure.
        return ce.NextCloserCover!.Data.OptOut
            ? DenialProof.Insecure(null, ce.ClosestEncloser, optOut: true)
            : DenialProof.Secure(ce.ClosestEncloser);
    }

    public DenialProof ProveNoData(DomainName queryName, RecordType queryType)
    {
        if (Precheck(queryName, queryType) is { } early)
        {
            return early;
        }

        if (Hash(queryName) is not { } hash)
        {
            return WorkLimit(queryName);
        }

        if (FindMatch(hash) is { } match)
        {
            TypeBitmap types = match.Data.Types;
            if (queryType == RecordType.DS)
            {
                // RFC 5155 §8.6, RFC 6840 §4.1: DS must be denied from the parent side (no SOA, except at the root).
                if (types.Contains(RecordType.DS) || types.Contains(RecordType.CNAME) || (types.Contains(RecordType.SOA) && !queryName.IsRoot))
                {
                    return Bogus(queryName, "the matching NSEC3 does not deny DS", queryType);
                }

                return DenialProof.Secure(queryName, isDelegation: types.Contains(RecordType.NS));
            }

            // RFC 5155 §8.5: neither the type nor CNAME; an empty bitmap is an empty non-terminal.
            if (types.Contains(queryType) || types.Contains(RecordType.CNAME))
            {
                return Bogus(queryName, "the matching NSEC3 lists the type or CNAME", queryType);
            }

            // RFC 6840 §4.1: a parent-side NSEC3 at a zone cut cannot deny types at the child apex.
            if (types.Contains(RecordType.NS) && !types.Contains(RecordType.SOA))
            {
                return Bogus(queryName, "the matching NSEC3 is from the parent side of a delegation", queryType);
            }

            return DenialProof.Secure(queryName);
        }

        Outcome ce = ProveClosestEncloser(queryName);
        if (ce.Failure is not null)
        {
            return ce.Failure;
        }

        if (ce.NameExists)
        {
            return Bogus(queryName, "the name's NSEC3 was not found", queryType);
        }

        // RFC 5155 §8.6: for DS, no matching NSEC3 but a next closer name in an opt-out span means an unsigned
        // delegation may be there: Insecure. For other types a NODATA answer needs the matching NSEC3 (§8.5); like
        // Unbound we do not accept an opt-out span instead.
        if (ce.NextCloserCover!.Data.OptOut && queryType == RecordType.DS)
        {
            return DenialProof.Insecure(null, ce.ClosestEncloser, optOut: true);
        }

        // RFC 5155 §8.7: wildcard NODATA – the wildcard at the closest encloser exists but lacks the type.
        DomainName wildcard = ce.ClosestEncloser!.Prepend("*"u8);
        if (Hash(wildcard) is not { } wildcardHash)
        {
            return WorkLimit(wildcard);
        }

        if (FindMatch(wildcardHash) is { } wildcardMatch)
        {
            TypeBitmap types = wildcardMatch.Data.Types;
            if (types.Contains(queryType) || types.Contains(RecordType.CNAME))
            {
                return Bogus(wildcard, "the wildcard's NSEC3 lists the type or CNAME", queryType);
            }

            // As for wildcard answers: an opt-out span over the next closer name leaves the proof insecure.
            return ce.NextCloserCover.Data.OptOut
                ? DenialProof.Insecure(null, ce.ClosestEncloser, optOut: true)
                : DenialProof.Secure(ce.ClosestEncloser);
        }

        return Bogus(queryName, "no NSEC3 matches the name or the wildcard at its closest encloser", queryType);
    }

    public DenialProof ProveWildcardAnswer(DomainName owner, int rrsigLabels)
    {
        if (Precheck(owner, RecordType.None) is { } early)
        {
            return early;
        }

        // RFC 5155 §8.8: the closest encloser is the wildcard's parent; the next closer name must be covered.
        DomainName closestEncloser = owner.GetAncestor(rrsigLabels);
        DomainName nextCloser = owner.GetAncestor(rrsigLabels + 1);
        if (Hash(nextCloser) is not { } hash)
        {
            return WorkLimit(nextCloser);
        }

        // With opt-out on the next closer name an unsigned delegation could hide there, so the expansion is not
        // proven secure (RFC 5155 §9.2 reasoning; Unbound answers without AD).
        return FindCover(hash) is { } cover
            ? cover.Data.OptOut ? DenialProof.Insecure(null, closestEncloser, optOut: true) : DenialProof.Secure(closestEncloser)
            : Bogus(nextCloser, "no NSEC3 covers the next closer name of the wildcard expansion");
    }

    private DenialProof? Precheck(DomainName name, RecordType type)
    {
        if (_records.Count == 0)
        {
            return DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.MissingDenial, name, type == RecordType.None ? RecordType.NSEC3 : type, "no usable NSEC3"));
        }

        // RFC 9276 §3.2: above the validator's iteration limit the response is treated as insecure.
        if (_iterationsTooHigh)
        {
            return DenialProof.Insecure(ValidationFailure.Create(ValidationFailureKind.Nsec3IterationsTooHigh, _zone, RecordType.NSEC3, $"iterations {_iterations} > {_options.MaxNsec3Iterations}"));
        }

        return null;
    }

    /// <summary>RFC 5155 §8.3: walks up from the name to the longest ancestor with a matching NSEC3, then requires a cover
    /// for the next closer name.</summary>
    private Outcome ProveClosestEncloser(DomainName name)
    {
        for (int labels = name.LabelCount; labels >= _zone.LabelCount; labels--)
        {
            DomainName candidate = name.GetAncestor(labels);
            if (Hash(candidate) is not { } hash)
            {
                return new Outcome(WorkLimit(candidate));
            }

            if (FindMatch(hash) is not { } match)
            {
                continue;
            }

            if (labels == name.LabelCount)
            {
                return new Outcome(null) { NameExists = true, ClosestEncloser = name };
            }

            // RFC 6840 §4.1: a closest encloser at a parent-side zone cut or a DNAME cannot deny names below it.
            TypeBitmap types = match.Data.Types;
            if ((types.Contains(RecordType.NS) && !types.Contains(RecordType.SOA)) || types.Contains(RecordType.DNAME))
            {
                return new Outcome(Bogus(candidate, "the closest encloser is a delegation or DNAME"));
            }

            DomainName nextCloser = name.GetAncestor(labels + 1);
            if (Hash(nextCloser) is not { } nextHash)
            {
                return new Outcome(WorkLimit(nextCloser));
            }

            return FindCover(nextHash) is { } cover
                ? new Outcome(null) { ClosestEncloser = candidate, NextCloserCover = cover }
                : new Outcome(Bogus(nextCloser, "no NSEC3 covers the next closer name"));
        }

        return new Outcome(Bogus(name, "no closest encloser proven"));
    }

    private byte[]? Hash(DomainName name)
    {
        if (_hashes.TryGetValue(name, out byte[]? cached))
        {
            return cached;
        }

        if (_hashCount >= _options.MaxNsec3HashComputations)
        {
            return null;
        }

        _hashCount++;
        byte[] hash = Nsec3Hash.Compute(name, _salt.Span, _iterations);
        _hashes.Add(name, hash);
        return hash;
    }

    private Nsec3Entry? FindMatch(byte[] hash)
    {
        foreach (Nsec3Entry e in _records)
        {
            if (e.OwnerHash.AsSpan().SequenceEqual(hash))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>RFC 5155 §8.3 "covers": owner hash &lt; hash &lt; next hash, the last record wrapping to the first.</summary>
    private Nsec3Entry? FindCover(byte[] hash)
    {
        foreach (Nsec3Entry e in _records)
        {
            ReadOnlySpan<byte> owner = e.OwnerHash, next = e.Data.NextHashedOwnerName.Span;
            int afterOwner = hash.AsSpan().SequenceCompareTo(owner);
            int beforeNext = hash.AsSpan().SequenceCompareTo(next);
            bool wraps = next.SequenceCompareTo(owner) <= 0;
            if (wraps ? afterOwner > 0 || beforeNext < 0 : afterOwner > 0 && beforeNext < 0)
            {
                return e;
            }
        }

        return null;
    }

    private static DenialProof WorkLimit(DomainName name) =>
        DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.WorkLimitExceeded, name, RecordType.NSEC3, "NSEC3 hash computations"));

    private static DenialProof Bogus(DomainName name, string detail, RecordType type = RecordType.NSEC3) =>
        DenialProof.Bogus(ValidationFailure.Create(ValidationFailureKind.InvalidDenial, name, type, detail));

    private sealed record Nsec3Entry(byte[] OwnerHash, Nsec3Rdata Data);

    private sealed record Outcome(DenialProof? Failure)
    {
        public bool NameExists { get; init; }

        public DomainName? ClosestEncloser { get; init; }

        public Nsec3Entry? NextCloserCover { get; init; }
    }
}
