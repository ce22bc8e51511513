using System.Collections.Immutable;
using System.Text;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Resolution;

/// <summary>The answer of a <see cref="ValidatingResolver"/> lookup with its DNSSEC verdict, reason and chain of trust.</summary>
public sealed record ValidatedLookup
{
    /// <summary>The question asked.</summary>
    public required DnsQuestion Question { get; init; }

    /// <summary>The verdict; <see cref="DnssecStatus.Indeterminate"/> unless proven otherwise.</summary>
    public DnssecStatus Status { get; init; }

    /// <summary>Why the verdict is not Secure (or the note explaining Insecure), with its Extended DNS Error code.</summary>
    public ValidationFailure? Failure { get; init; }

    /// <summary>The RCODE of the final answer.</summary>
    public ResponseCode ResponseCode { get; init; }

    /// <summary>The name at the end of the CNAME/DNAME chain (the question name when there is none).</summary>
    public required DomainName CanonicalName { get; init; }

    /// <summary>The answer records in chain order (CNAME/DNAME links, then the final RRset), without RRSIGs.</summary>
    public ImmutableArray<ResourceRecord> Answers { get; init; } = [];

    /// <summary>Time to live of the validated data: the lowest TTL, capped by RRSIG original TTLs and expirations.</summary>
    public uint Ttl { get; init; }

    /// <summary>The chain of trust: anchor, DS and DNSKEY steps, the answer RRsets and denial proofs.</summary>
    public ImmutableArray<ChainStep> Chain { get; init; } = [];

    /// <summary>The last upstream response this lookup received; null when the answer came from the resolver's cache (which
    /// keeps the verdict, records and chain, not the raw message) or from no upstream at all.</summary>
    public DnsMessage? Response { get; init; }

    /// <summary>Upstream queries this lookup sent (cached keys send none).</summary>
    public int UpstreamQueries { get; init; }

    /// <summary>Where the messages came from: the stub upstream, iteration, or iteration as a fallback from a stripping upstream.</summary>
    public ResolutionSource Source { get; init; }
    /// <summary>Signature verifications this lookup did (cached keys cost none); bounded by the work limits.</summary>
    public int SignatureVerifications { get; init; }

    /// <summary>True when the answer (or, for a CNAME chain, a link of it) was synthesised without asking upstream from
    /// NSEC/NSEC3 records validated earlier — a denial, or an expansion of a cached validated wildcard (RFC 8198,
    /// <see cref="ValidatingResolverOptions.AggressiveNsec"/>).</summary>
    public bool Synthesized { get; init; }

    /// <summary>True when the verdict is Secure.</summary>
    public bool IsSecure => Status == DnssecStatus.Secure;

    /// <summary>This lookup when it is Secure; otherwise throws with the verdict and its reason.</summary>
    /// <exception cref="DnssecValidationException">The verdict is not Secure.</exception>
    public ValidatedLookup RequireSecure() => IsSecure ? this : throw new DnssecValidationException(Status, Failure);

    /// <summary>The final RRset's records (those owned by <see cref="CanonicalName"/> with the question's type).</summary>
    public IEnumerable<ResourceRecord> Records => Answers.Where(r => r.Type == Question.Type && r.Name == CanonicalName);

    /// <summary>The RDATA of the final RRset, typed.</summary>
    public IEnumerable<T> RecordsOf<T>() where T : Records.Rdata => Records.Select(r => r.Data).OfType<T>();

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Question).Append(": ").Append(Status).Append(' ').Append(ResponseCode);
        if (Failure is not null)
        {
            sb.Append(" — ").Append(Failure);
        }

        return sb.ToString();
    }
}
