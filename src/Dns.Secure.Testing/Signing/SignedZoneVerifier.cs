using System.Collections.Immutable;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Testing.Signing;

/// <summary>
/// Checks every signature of a signed zone with the library's own verifier, whoever signed it: each RRSIG must verify
/// with an apex DNSKEY, every authoritative RRset must carry a valid signature for each algorithm of the DNSKEY RRset
/// (RFC 4035 §2.2), non-authoritative data (NS at a cut, glue) must carry none, and the NSEC or NSEC3 chain must cover the
/// zone (<see cref="DenialChainVerifier"/>). A file of signed RRsets that is not a whole zone can be checked with
/// <see cref="VerifyRRsets"/>.
/// </summary>
public static class SignedZoneVerifier
{
    /// <summary>Verifies the zone <paramref name="origin"/>. When <paramref name="at"/> is given, signatures must also be
    /// valid at that instant (RFC 4035 §5.3.1, inclusive at both ends, serial arithmetic).</summary>
    /// <exception cref="ArgumentException">The zone has no SOA at its apex or holds names outside it.</exception>
    public static ZoneVerificationReport Verify(DomainName origin, IEnumerable<ResourceRecord> records, DateTimeOffset? at = null) =>
        Verify(origin, records, at, anchors: null);

    /// <summary>Verifies the zone <paramref name="origin"/> as <see cref="Verify(DomainName, IEnumerable{ResourceRecord}, DateTimeOffset?)"/>
    /// does and, when <paramref name="anchors"/> are given, also that an apex DNSKEY matches the zone's trust anchor (a DS
    /// digest or the key itself, RFC 4035 §5) and signs the DNSKEY RRset.</summary>
    /// <exception cref="ArgumentException">The zone has no SOA at its apex or holds names outside it.</exception>
    public static ZoneVerificationReport Verify(DomainName origin, IEnumerable<ResourceRecord> records, DateTimeOffset? at, IEnumerable<TrustAnchor>? anchors)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(records);
        List<ResourceRecord> all = [.. records];
        var content = new ZoneContent(origin, all);
        var verifier = new SignatureVerifier(new VerificationKeyCache());
        var problems = ImmutableArray.CreateBuilder<string>();
        uint? now = at is { } t ? unchecked((uint)t.ToUnixTimeSeconds()) : null;

        List<DnskeyRdata> keys = all.Where(r => r.Name == origin && r.Data is DnskeyRdata).Select(r => (DnskeyRdata)r.Data).ToList();
        HashSet<DnssecAlgorithm> algorithms = keys.Where(k => k.IsZoneKey && SignatureAlgorithm.IsSupported(k.Algorithm)).Select(k => k.Algorithm).ToHashSet();
        if (algorithms.Count == 0)
        {
            problems.Add($"{origin} has no DNSKEY of a supported algorithm.");
        }

        var rrsigsByRRset = new Dictionary<(DomainName, RecordType), List<RrsigRdata>>();
        var rrsets = new List<RRSet>();
        foreach (RRSet group in RRSet.Group(all))
        {
            if (group.Type != RecordType.RRSIG)
            {
                rrsets.Add(group);
                continue;
            }

            foreach (RrsigRdata rrsig in group.Data.Cast<RrsigRdata>())
            {
                var key = (group.Name, rrsig.TypeCovered);
                if (!rrsigsByRRset.TryGetValue(key, out List<RrsigRdata>? list))
                {
                    rrsigsByRRset[key] = list = [];
                }

                list.Add(rrsig);
            }
        }

        int valid = 0;
        int invalid = 0;
        int signedCount = 0;
        foreach (RRSet rrset in rrsets)
        {
            rrsigsByRRset.TryGetValue((rrset.Name, rrset.Type), out List<RrsigRdata>? rrsigs);
            rrsigs ??= [];
            bool mustBeSigned = content.IsSigned(rrset.Name, rrset.Type);
            if (!mustBeSigned)
            {
                if (rrsigs.Count > 0)
                {
                    problems.Add($"{rrset.Name} {rrset.Type.ToText()} is not authoritative data but has {rrsigs.Count} RRSIG(s).");
                }

                continue;
            }

            signedCount++;
            var verifiedAlgorithms = new HashSet<DnssecAlgorithm>();
            foreach (RrsigRdata rrsig in rrsigs)
            {
                string? problem = Check(rrset, rrsig, origin, keys, verifier, now);
                if (problem is null)
                {
                    valid++;
                    verifiedAlgorithms.Add(rrsig.Algorithm);
                }
                else
                {
                    invalid++;
                    problems.Add(problem);
                }
            }

            foreach (DnssecAlgorithm algorithm in algorithms)
            {
                if (!verifiedAlgorithms.Contains(algorithm))
                {
                    problems.Add($"{rrset.Name} {rrset.Type.ToText()} has no valid RRSIG of algorithm {(byte)algorithm}.");
                }
            }
        }

        if (anchors is not null)
        {
            CheckAnchor(origin, keys, rrsigsByRRset.GetValueOrDefault((origin, RecordType.DNSKEY)) ?? [], all, anchors, verifier, now, problems);
        }

        List<ResourceRecord> denial = [.. all.Where(r => r.Type is RecordType.NSEC or RecordType.NSEC3 or RecordType.NSEC3PARAM)];
        DenialChainStatus chain = DenialChainVerifier.Verify(content, denial, problems);
        return new ZoneVerificationReport(valid, invalid, signedCount, chain, problems.ToImmutable());
    }

    /// <summary>
    /// Verifies a file of signed RRsets that is not a whole zone (no SOA, no denial chain — e.g. a test vector holding a
    /// DNSKEY RRset, an RRset and its RRSIG): every RRSIG must verify with a DNSKEY of its signer present in the records.
    /// RRsets without RRSIGs are not counted; the chain is <see cref="DenialChainStatus.NotApplicable"/>.
    /// </summary>
    public static ZoneVerificationReport VerifyRRsets(IEnumerable<ResourceRecord> records, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        List<ResourceRecord> all = [.. records];
        var verifier = new SignatureVerifier(new VerificationKeyCache());
        var problems = ImmutableArray.CreateBuilder<string>();
        uint? now = at is { } t ? unchecked((uint)t.ToUnixTimeSeconds()) : null;
        var rrsigs = all.Where(r => r.Data is RrsigRdata).GroupBy(r => (r.Name, ((RrsigRdata)r.Data).TypeCovered)).ToDictionary(g => g.Key, g => g.Select(r => (RrsigRdata)r.Data).ToList());
        int valid = 0;
        int invalid = 0;
        int signedCount = 0;
        foreach (RRSet rrset in RRSet.Group(all.Where(r => r.Data is not RrsigRdata)))
        {
            if (!rrsigs.TryGetValue((rrset.Name, rrset.Type), out List<RrsigRdata>? list))
            {
                continue;
            }

            signedCount++;
            foreach (RrsigRdata rrsig in list)
            {
                List<DnskeyRdata> keys = [.. all.Where(r => r.Name == rrsig.SignerName && r.Data is DnskeyRdata).Select(r => (DnskeyRdata)r.Data)];
                string? problem = Check(rrset, rrsig, rrsig.SignerName, keys, verifier, now);
                if (problem is null)
                {
                    valid++;
                }
                else
                {
                    invalid++;
                    problems.Add(problem);
                }
            }
        }

        foreach (var orphan in rrsigs.Keys.Where(k => !all.Any(r => r.Name == k.Name && r.Type == k.TypeCovered)))
        {
            invalid += rrsigs[orphan].Count;
            problems.Add($"RRSIG {orphan.Name} {orphan.TypeCovered.ToText()} covers an RRset that is not in the file.");
        }

        return new ZoneVerificationReport(valid, invalid, signedCount, DenialChainStatus.NotApplicable, problems.ToImmutable());
    }

    /// <summary>An apex key must match the anchor (DS digest or the DNSKEY itself) and sign the DNSKEY RRset (RFC 4035 §5.2).</summary>
    private static void CheckAnchor(DomainName origin, List<DnskeyRdata> keys, List<RrsigRdata> dnskeySignatures, List<ResourceRecord> all,
        IEnumerable<TrustAnchor> anchors, SignatureVerifier verifier, uint? now, ImmutableArray<string>.Builder problems)
    {
        TrustAnchor? anchor = anchors.FirstOrDefault(a => a.Zone == origin);
        if (anchor is null)
        {
            problems.Add($"the trust anchors hold nothing for {origin}.");
            return;
        }

        List<DnskeyRdata> anchored = [.. keys.Where(k => anchor.Dnskeys.Any(d => d.Equals(k))
            || anchor.Ds.Any(d => d.KeyTag == k.KeyTag && d.Algorithm == k.Algorithm && DsDigest.Matches(d.DigestType, origin, k.CanonicalData, d.Digest.Span)))];
        if (anchored.Count == 0)
        {
            problems.Add($"no DNSKEY at {origin} matches its trust anchor.");
            return;
        }

        RRSet? dnskeys = RRSet.Group(all.Where(r => r.Name == origin && r.Type == RecordType.DNSKEY)).FirstOrDefault();
        bool signedByAnchor = dnskeys is not null && dnskeySignatures.Any(rrsig =>
            anchored.Any(k => k.KeyTag == rrsig.KeyTag && k.Algorithm == rrsig.Algorithm) && Check(dnskeys, rrsig, origin, anchored, verifier, now) is null);
        if (!signedByAnchor)
        {
            problems.Add($"the DNSKEY RRset of {origin} has no valid signature by a key that matches its trust anchor.");
        }
    }

    private static string? Check(RRSet rrset, RrsigRdata rrsig, DomainName origin, List<DnskeyRdata> keys, SignatureVerifier verifier, uint? now)
    {
        string what = $"RRSIG {rrset.Name} {rrset.Type.ToText()} alg {(byte)rrsig.Algorithm} tag {rrsig.KeyTag}";
        if (rrsig.SignerName != origin)
        {
            return $"{what}: signer {rrsig.SignerName} is not the zone apex.";
        }

        // RFC 4035 §5.3.1: inception <= now <= expiration, in serial arithmetic (RFC 1982).
        if (now is { } n && (unchecked((int)(n - rrsig.SignatureInception)) < 0 || unchecked((int)(rrsig.SignatureExpiration - n)) < 0))
        {
            return $"{what}: not valid at the given time.";
        }

        if (!rrset.TryGetSigningInput(rrsig, out byte[]? signingInput))
        {
            return $"{what}: the labels field exceeds the owner's labels.";
        }

        SignatureVerdict best = SignatureVerdict.Invalid;
        bool keyFound = false;
        foreach (DnskeyRdata key in keys)
        {
            if (key.Algorithm != rrsig.Algorithm || key.KeyTag != rrsig.KeyTag || !key.IsZoneKey)
            {
                continue;
            }

            keyFound = true;
            best = verifier.Verify(key.Algorithm, key.PublicKey.Span, signingInput, rrsig.Signature.Span);
            if (best == SignatureVerdict.Valid)
            {
                return null;
            }
        }

        return keyFound ? $"{what}: {best}." : $"{what}: no matching DNSKEY at the apex.";
    }
}
