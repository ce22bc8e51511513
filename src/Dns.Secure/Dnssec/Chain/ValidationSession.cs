using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// The work of validating one response: fetches and caches DS and DNSKEY sets, walks the chain of trust from the closest
/// anchor (RFC 4035 §5.1–§5.2), verifies each RRset (§5.3) and the denial proofs (§5.4), and combines the verdicts.
/// </summary>
internal sealed class ValidationSession
{
    private static readonly LookupOptions s_lookup = new() { DnssecOk = true, CheckingDisabled = true };

    private readonly IStubResolver _upstream;
    private readonly TrustAnchorStore _anchors;
    private readonly ValidatorOptions _options;
    private readonly RrsetVerifier _verifier;
    private readonly Dictionary<DomainName, ZoneKeys> _keys = [];
    private int _queries;

    public ValidationSession(IStubResolver upstream, TrustAnchorStore anchors, ValidatorOptions options, RrsetVerifier verifier)
    {
        _upstream = upstream;
        _anchors = anchors;
        _options = options;
        _verifier = verifier;
    }

    /// <summary>The most upstream queries one validation may send (chain walk included).</summary>
    private const int MaxQueries = 64;

    public async ValueTask<Validated<DnsMessage>> ValidateAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        DnsMessage? response = await QueryAsync(question, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return Validated<DnsMessage>.Bogus(ValidationFailure.Create(ValidationFailureKind.MissingRecords, question.Name, question.Type, "no response"));
        }

        if (response.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain))
        {
            return Validated<DnsMessage>.Indeterminate(response);
        }

        // RFC 4035 §5.2: DS records live in the parent zone, so a DS answer needs an anchor above the name.
        DomainName anchorFor = question.Type == RecordType.DS && !question.Name.IsRoot ? question.Name.Parent() : question.Name;
        TrustAnchor? anchor = _anchors.FindClosest(anchorFor);
        if (anchor is null)
        {
            return Validated<DnsMessage>.Indeterminate(response);
        }

        // RFC 4035 §5.3: RRSIG RRsets are not themselves signed; an answer to an RRSIG query cannot be validated.
        if (question.Type == RecordType.RRSIG)
        {
            return Validated<DnsMessage>.Indeterminate(response);
        }

        if (_anchors.IsUnderNegativeAnchor(question.Name, out DomainName? nta))
        {
            return Validated<DnsMessage>.Insecure(response, ValidationFailure.Create(ValidationFailureKind.NegativeTrustAnchor, nta!, question.Type));
        }

        var verdict = new Verdict();
        DomainName final = question.Name;
        bool positive = false;

        // RFC 4035 §5.3: every answer RRset is verified on its own (CNAME chains pass through several zones).
        foreach (RRSet set in RRSet.Group(response.Answers.Where(r => r.Type != RecordType.RRSIG)))
        {
            (DnssecStatus status, ValidationFailure? failure, SignatureCheck? check, DomainName? signer) =
                await ValidateRrsetAsync(set, response.Answers, cancellationToken).ConfigureAwait(false);
            verdict.Add(status, failure);
            if (check is { IsSecure: true } && signer is not null)
            {
                int ownerLabels = set.Name.IsWildcard ? set.Name.LabelCount - 1 : set.Name.LabelCount;
                if (check.Rrsig!.Labels < ownerLabels)
                {
                    // RFC 4035 §5.3.4: a wildcard expansion needs proof that no closer name exists.
                    DenialProof proof = await ProveAsync(response, signer, records => DenialOfExistence.ProveWildcardAnswer(set.Name, check.Rrsig.Labels, records, signer, _options), set.Name, cancellationToken).ConfigureAwait(false);
                    verdict.Add(proof.Status, proof.Failure);
                }
            }
        }

        // Follow the CNAME chain to the name the final answer or denial is about.
        for (int hops = 0; hops < 16; hops++)
        {
            if (question.Type != RecordType.CNAME && response.Answers.FirstOrDefault(r => r.Name == final && r.Data is CnameRdata) is { Data: CnameRdata cname })
            {
                final = cname.CanonicalName;
                continue;
            }

            break;
        }

        positive = response.Answers.Any(r => r.Name == final && (r.Type == question.Type || question.Type == RecordType.ANY));
        if (!positive && !(question.Type == RecordType.CNAME && response.Answers.Any(r => r.Type == RecordType.CNAME)))
        {
            DnssecStatus denial;
            ValidationFailure? failure;
            (denial, failure) = await ValidateDenialAsync(response, final, question.Type, cancellationToken).ConfigureAwait(false);
            verdict.Add(denial, failure);
        }

        return verdict.Status switch
        {
            DnssecStatus.Secure => Validated<DnsMessage>.Secure(response),
            DnssecStatus.Insecure => Validated<DnsMessage>.Insecure(response, verdict.Failure),
            DnssecStatus.Bogus => Validated<DnsMessage>.Bogus(verdict.Failure!, response),
            _ => Validated<DnsMessage>.Indeterminate(response, verdict.Failure),
        };
    }

    private async ValueTask<(DnssecStatus, ValidationFailure?)> ValidateDenialAsync(DnsMessage response, DomainName name, RecordType type, CancellationToken cancellationToken)
    {
        DomainName? signer = response.Authorities
            .Where(r => r.Data is RrsigRdata s && s.TypeCovered is RecordType.SOA or RecordType.NSEC or RecordType.NSEC3)
            .Select(r => ((RrsigRdata)r.Data).SignerName)
            .FirstOrDefault(s => name.IsSubdomainOf(s));
        if (signer is null)
        {
            // Unsigned negative answer: acceptable only in a provably insecure zone.
            ZoneKeys zone = await FindZoneSecurityAsync(name, cancellationToken).ConfigureAwait(false);
            return zone.Status == DnssecStatus.Secure
                ? (DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.MissingDenial, name, type))
                : (zone.Status, zone.Failure);
        }

        DenialProof proof = await ProveAsync(response, signer, records => response.ResponseCode == ResponseCode.NXDomain
            ? DenialOfExistence.ProveNameError(name, records, signer, _options)
            : DenialOfExistence.ProveNoData(name, type, records, signer, _options), name, cancellationToken).ConfigureAwait(false);
        return (proof.Status, proof.Failure);
    }

    /// <summary>Validates the NSEC/NSEC3 RRsets of <paramref name="signer"/> in the authority section, then runs the proof.</summary>
    private async ValueTask<DenialProof> ProveAsync(DnsMessage response, DomainName signer, Func<IReadOnlyList<ResourceRecord>, DenialProof> prove, DomainName name, CancellationToken cancellationToken)
    {
        ZoneKeys keys = await GetZoneKeysAsync(signer, cancellationToken).ConfigureAwait(false);
        if (keys.Status != DnssecStatus.Secure)
        {
            return keys.Status == DnssecStatus.Insecure ? DenialProof.Insecure(keys.Failure) : DenialProof.Bogus(keys.Failure ?? ValidationFailure.Create(ValidationFailureKind.MissingRecords, signer, RecordType.DNSKEY));
        }

        var validated = new List<ResourceRecord>();
        // RFC 4035 §5.3: the NSEC/NSEC3 records and the zone's SOA in a negative answer must all verify.
        foreach (RRSet set in RRSet.Group(response.Authorities.Where(r => r.Type is RecordType.NSEC or RecordType.NSEC3 || (r.Type == RecordType.SOA && r.Name == signer))))
        {
            var sigs = RrsetVerifier.SelectSignatures(response.Authorities, set.Name, set.Type).Where(s => s.SignerName == signer).ToList();
            if (sigs.Count == 0 && set.Type != RecordType.SOA)
            {
                continue;
            }

            SignatureCheck check = _verifier.Verify(set, sigs, keys.Keys, signer);
            if (!check.IsSecure)
            {
                return DenialProof.Bogus(check.Failure!);
            }

            if (set.Type != RecordType.SOA)
            {
                validated.AddRange(set.Records);
            }
        }

        return prove(validated);
    }

    private async ValueTask<(DnssecStatus, ValidationFailure?, SignatureCheck?, DomainName?)> ValidateRrsetAsync(RRSet set, IReadOnlyList<ResourceRecord> section, CancellationToken cancellationToken)
    {
        var sigs = RrsetVerifier.SelectSignatures(section, set.Name, set.Type).ToList();
        DomainName? signer = sigs.Select(s => s.SignerName).FirstOrDefault(s => set.Name.IsSubdomainOf(s));
        if (signer is null)
        {
            ZoneKeys zone = await FindZoneSecurityAsync(set.Name, cancellationToken).ConfigureAwait(false);
            return zone.Status == DnssecStatus.Secure
                ? (DnssecStatus.Bogus, ValidationFailure.Create(sigs.Count == 0 ? ValidationFailureKind.MissingSignature : ValidationFailureKind.SignatureMalformed, set.Name, set.Type), null, null)
                : (zone.Status, zone.Failure, null, null);
        }

        // A DS RRset is signed by the parent: its keys are those of the signer, found by the same walk.
        ZoneKeys keys = await GetZoneKeysAsync(signer, cancellationToken).ConfigureAwait(false);
        if (keys.Status != DnssecStatus.Secure)
        {
            return (keys.Status, keys.Failure, null, null);
        }

        SignatureCheck check = _verifier.Verify(set, sigs.Where(s => s.SignerName == signer), keys.Keys, signer);
        return (check.Status, check.Failure, check, signer);
    }

    /// <summary>The validated keys of <paramref name="zone"/>: from the trust anchor at the top, else from a DS RRset
    /// validated with the parent's keys (RFC 4035 §5.2).</summary>
    public async ValueTask<ZoneKeys> GetZoneKeysAsync(DomainName zone, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(zone, out ZoneKeys? cached))
        {
            return cached;
        }

        ZoneKeys result = await ComputeZoneKeysAsync(zone, cancellationToken).ConfigureAwait(false);
        _keys[zone] = result;
        return result;
    }

    private async ValueTask<ZoneKeys> ComputeZoneKeysAsync(DomainName zone, CancellationToken cancellationToken)
    {
        TrustAnchor? anchor = _anchors.FindClosest(zone);
        if (anchor is null)
        {
            return ZoneKeys.Indeterminate(zone);
        }

        if (_anchors.IsUnderNegativeAnchor(zone, out DomainName? nta))
        {
            return ZoneKeys.Insecure(zone, ValidationFailure.Create(ValidationFailureKind.NegativeTrustAnchor, nta!, RecordType.DNSKEY));
        }

        if (zone == anchor.Zone)
        {
            return await FetchKeysAsync(zone, anchor.Ds, anchor.Dnskeys, cancellationToken).ConfigureAwait(false);
        }

        DnsMessage? ds = await QueryAsync(new DnsQuestion(zone, RecordType.DS), cancellationToken).ConfigureAwait(false);
        if (ds is null)
        {
            return ZoneKeys.Bogus(zone, ValidationFailure.Create(ValidationFailureKind.MissingRecords, zone, RecordType.DS, "no response"));
        }

        var dsRecords = ds.Answers.Where(r => r.Name == zone && r.Data is DsRdata).ToList();
        if (dsRecords.Count > 0)
        {
            RRSet dsSet = RRSet.Create(dsRecords);
            var sigs = RrsetVerifier.SelectSignatures(ds.Answers, zone, RecordType.DS).ToList();
            DomainName? parent = sigs.Select(s => s.SignerName).FirstOrDefault(s => zone.IsStrictSubdomainOf(s) && s.IsSubdomainOf(anchor.Zone));
            if (parent is null)
            {
                return ZoneKeys.Bogus(zone, ValidationFailure.Create(ValidationFailureKind.MissingSignature, zone, RecordType.DS));
            }

            ZoneKeys parentKeys = await GetZoneKeysAsync(parent, cancellationToken).ConfigureAwait(false);
            if (parentKeys.Status != DnssecStatus.Secure)
            {
                return parentKeys with { Zone = zone };
            }

            SignatureCheck check = _verifier.Verify(dsSet, sigs.Where(s => s.SignerName == parent), parentKeys.Keys, parent);
            if (!check.IsSecure)
            {
                return ZoneKeys.Bogus(zone, check.Failure!);
            }

            return await FetchKeysAsync(zone, [.. dsSet.Data.Cast<DsRdata>()], [], cancellationToken).ConfigureAwait(false);
        }

        // No DS: the parent must prove its absence (RFC 4035 §5.2), which makes the zone insecure.
        DomainName? signer = ds.Authorities
            .Where(r => r.Data is RrsigRdata s && s.TypeCovered is RecordType.SOA or RecordType.NSEC or RecordType.NSEC3)
            .Select(r => ((RrsigRdata)r.Data).SignerName)
            .FirstOrDefault(s => zone.IsStrictSubdomainOf(s) && s.IsSubdomainOf(anchor.Zone));
        if (signer is null)
        {
            ZoneKeys above = await FindZoneSecurityAsync(zone.Parent(), cancellationToken).ConfigureAwait(false);
            return above.Status == DnssecStatus.Secure
                ? ZoneKeys.Bogus(zone, ValidationFailure.Create(ValidationFailureKind.MissingDenial, zone, RecordType.DS))
                : above with { Zone = zone };
        }

        DenialProof proof = await ProveAsync(ds, signer, records => ds.ResponseCode == ResponseCode.NXDomain
            ? DenialOfExistence.ProveNameError(zone, records, signer, _options)
            : DenialOfExistence.ProveNoData(zone, RecordType.DS, records, signer, _options), zone, cancellationToken).ConfigureAwait(false);
        return proof.Status switch
        {
            DnssecStatus.Secure or DnssecStatus.Insecure => ZoneKeys.Insecure(zone, proof.Failure),
            _ => ZoneKeys.Bogus(zone, proof.Failure ?? ValidationFailure.Create(ValidationFailureKind.InvalidDenial, zone, RecordType.DS)),
        };
    }

    private async ValueTask<ZoneKeys> FetchKeysAsync(DomainName zone, IReadOnlyList<DsRdata> ds, IReadOnlyList<DnskeyRdata> trusted, CancellationToken cancellationToken)
    {
        DnsMessage? response = await QueryAsync(new DnsQuestion(zone, RecordType.DNSKEY), cancellationToken).ConfigureAwait(false);
        var keys = response?.Answers.Where(r => r.Name == zone && r.Data is DnskeyRdata).ToList() ?? [];
        RRSet? set = keys.Count == 0 ? null : RRSet.Create(keys);
        var sigs = response is null ? [] : RrsetVerifier.SelectSignatures(response.Answers, zone, RecordType.DNSKEY).ToList();
        return DnskeyAuthenticator.Authenticate(zone, set, sigs, ds, trusted, _verifier);
    }

    /// <summary>Walks from the closest anchor down to <paramref name="name"/> with DS queries to find whether the zone
    /// holding it is signed (Secure keys returned) or provably insecure.</summary>
    private async ValueTask<ZoneKeys> FindZoneSecurityAsync(DomainName name, CancellationToken cancellationToken)
    {
        TrustAnchor? anchor = _anchors.FindClosest(name);
        if (anchor is null)
        {
            return ZoneKeys.Indeterminate(name);
        }

        ZoneKeys current = await GetZoneKeysAsync(anchor.Zone, cancellationToken).ConfigureAwait(false);
        for (int labels = anchor.Zone.LabelCount + 1; labels <= name.LabelCount && current.Status == DnssecStatus.Secure; labels++)
        {
            DomainName candidate = name.GetAncestor(labels);
            DnsMessage? ds = await QueryAsync(new DnsQuestion(candidate, RecordType.DS), cancellationToken).ConfigureAwait(false);
            if (ds is null)
            {
                return ZoneKeys.Bogus(candidate, ValidationFailure.Create(ValidationFailureKind.MissingRecords, candidate, RecordType.DS, "no response"));
            }

            if (ds.Answers.Any(r => r.Name == candidate && r.Data is DsRdata))
            {
                current = await GetZoneKeysAsync(candidate, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (ds.Answers.Any(r => r.Name == candidate && r.Type == RecordType.CNAME))
            {
                continue; // a CNAME owner is never a zone cut
            }

            DomainName zone = current.Zone;
            DomainName signer = ds.Authorities
                .Where(r => r.Data is RrsigRdata s && s.TypeCovered is RecordType.SOA or RecordType.NSEC or RecordType.NSEC3)
                .Select(r => ((RrsigRdata)r.Data).SignerName)
                .FirstOrDefault(s => candidate.IsSubdomainOf(s) && s.IsSubdomainOf(zone)) ?? zone;
            if (signer == candidate)
            {
                // The answer came from the child's apex: a zone cut whose keys the DS walk must establish.
                current = await GetZoneKeysAsync(candidate, cancellationToken).ConfigureAwait(false);
                continue;
            }

            bool nxdomain = ds.ResponseCode == ResponseCode.NXDomain;
            DenialProof proof = await ProveAsync(ds, signer, records => nxdomain
                ? DenialOfExistence.ProveNameError(candidate, records, signer, _options)
                : DenialOfExistence.ProveNoData(candidate, RecordType.DS, records, signer, _options), candidate, cancellationToken).ConfigureAwait(false);
            switch (proof.Status)
            {
                case DnssecStatus.Secure when nxdomain:
                    return current; // the name does not exist in a signed zone
                case DnssecStatus.Secure when !proof.IsDelegation:
                    continue; // not a zone cut
                case DnssecStatus.Secure:
                case DnssecStatus.Insecure:
                    return ZoneKeys.Insecure(candidate, proof.Failure);
                default:
                    return ZoneKeys.Bogus(candidate, proof.Failure ?? ValidationFailure.Create(ValidationFailureKind.InvalidDenial, candidate, RecordType.DS));
            }
        }

        return current;
    }

    private async ValueTask<DnsMessage?> QueryAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        if (++_queries > MaxQueries)
        {
            return null;
        }

        LookupResult result = await _upstream.LookupAsync(question, s_lookup, cancellationToken).ConfigureAwait(false);
        return result.Response;
    }

    /// <summary>Combines verdicts: Bogus beats Indeterminate beats Insecure beats Secure.</summary>
    private sealed class Verdict
    {
        public DnssecStatus Status { get; private set; } = DnssecStatus.Secure;

        public ValidationFailure? Failure { get; private set; }

        public void Add(DnssecStatus status, ValidationFailure? failure)
        {
            if (Rank(status) > Rank(Status))
            {
                Status = status;
                Failure = failure;
            }
            else if (status == Status && Failure is null)
            {
                Failure = failure;
            }
        }

        private static int Rank(DnssecStatus s) => s switch
        {
            DnssecStatus.Secure => 0,
            DnssecStatus.Insecure => 1,
            DnssecStatus.Indeterminate => 2,
            _ => 3,
        };
    }
}
