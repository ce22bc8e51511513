using System.Collections.Concurrent;
using System.Collections.Immutable;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// Builds and caches the chain of trust (RFC 4035 §5): from the closest trust anchor down, label by label, each possible
/// zone cut is examined with a DS query answered by the parent — a validated DS set leads to the child's DNSKEY RRset, which
/// must match a DS and be signed by that key; a validated denial of DS at a delegation proves the child unsigned (Insecure);
/// a validated denial without a delegation means no cut there. Whatever cannot be proven is Bogus or Indeterminate, never
/// Insecure.
/// <para>Latency hiding (<see cref="SendsAhead"/>): once the walk knows where it ends — the signer of an RRSIG — every DS query
/// between the trust anchor and the signer and the DNSKEY query at each of those names and at the anchor are sent at once
/// through the lookup's <see cref="ChainPrefetch"/>: two round trips for a cold chain (the question, then the whole chain)
/// instead of one per query. A name between the anchor and the signer is nearly always a zone cut (a TLD, a registry's
/// level), so its DNSKEY query goes out with its DS query rather than after it, as getdns's stub validation does; where it
/// is not a cut, or the cut is unsigned, that one query is wasted (it is counted in the lookup's budget, and the walk
/// never looks at its answer). Only the first <see cref="MaxIntermediateKeysAhead"/> such names get their DNSKEY query
/// ahead, which bounds the waste for a deep signer. The walk itself is unchanged: it still takes one response after another in its own order and authenticates each before
/// it believes it; it only finds the response already there.</para>
/// <para>Glossary: a <i>zone cut</i> is the boundary between a parent zone and a delegated child; the <i>DS RRset</i> lives on
/// the parent side of the cut and authenticates the child's <i>DNSKEY RRset</i>; a <i>trust anchor</i> is a DS or DNSKEY
/// configured for a zone and trusted without proof.</para>
/// </summary>
internal sealed class ChainOfTrust
{
    private readonly IDnssecDataSource _source;
    private readonly TrustAnchorStore _anchors;
    private readonly ValidatorOptions _options;
    private readonly ValidatingResolverSettings _settings;
    private readonly RrsetAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<DomainName, ZoneTrust> _zones = new();
    // Names proven not to be zone cuts, with the time the proof expires.
    private readonly ConcurrentDictionary<DomainName, DateTimeOffset> _notCuts = new();
    private readonly Func<DsRdata, bool> _isUsableDs;

    public ChainOfTrust(IDnssecDataSource source, TrustAnchorStore anchors, ValidatorOptions options, ValidatingResolverSettings settings, RrsetAuthenticator authenticator, TimeProvider time)
    {
        _source = source;
        _anchors = anchors;
        _options = options;
        _settings = settings;
        _authenticator = authenticator;
        _time = time;
        _isUsableDs = IsUsableDs;
    }

    /// <summary>
    /// Whether the walk sends the DS and DNSKEY queries it will need ahead, concurrently (<see cref="ChainPrefetch"/>);
    /// false keeps every query strictly sequential (as iterative mode does: its referral logic follows one query at a time).
    /// </summary>
    public bool SendsAhead { get; init; }

    /// <summary>
    /// Called when a lookup has sent its question: sends the closest trust anchor's DNSKEY query ahead when its keys are not
    /// cached, so that it travels together with the question (every validation under the anchor needs them).
    /// </summary>
    public void SendAheadForLookup(DomainName name, RecordType type, WorkBudget budget, CancellationToken cancellationToken)
    {
        // RRSIG queries are never validated (RFC 4035 §5.3); below a negative anchor nothing is.
        if (!SendsAhead || type == RecordType.RRSIG || _anchors.IsUnderNegativeAnchor(name, out _)
            || _anchors.FindClosest(name) is not { } anchor || IsCached(anchor.Zone, _time.GetUtcNow()) || !HasUsableEntry(anchor))
        {
            return;
        }

        Prefetch(budget).Send(new DnsQuestion(anchor.Zone, RecordType.DNSKEY), cancellationToken);
    }

    /// <summary>
    /// The keys of the deepest zone at or above <paramref name="target"/> that the chain reaches: Secure keys of that zone,
    /// or the Insecure / Bogus / Indeterminate state that stopped the walk. With <paramref name="stopAtZone"/> the walk ends
    /// at <paramref name="target"/> itself, which must then be a zone apex (the signer of an RRSIG).
    /// </summary>
    public async ValueTask<ZoneTrust> GetKeysAsync(DomainName target, bool stopAtZone, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (_anchors.IsUnderNegativeAnchor(target, out DomainName? negative))
        {
            // RFC 7646: below a negative trust anchor, validation is off and answers are Insecure.
            return ZoneTrust.Insecure(negative!, ValidationFailure.Create(ValidationFailureKind.NegativeTrustAnchor, target, RecordType.DNSKEY,
                $"below the negative trust anchor {negative}"), now + TimeSpan.FromSeconds(_settings.MinimumTtl));
        }

        TrustAnchor? anchor = _anchors.FindClosest(target);
        if (anchor is null)
        {
            // No anchor above the name: nothing can be proven, so it is answered without AD, as Unbound and BIND do.
            return ZoneTrust.Insecure(target, ValidationFailure.Create(ValidationFailureKind.MissingRecords, target, RecordType.DNSKEY,
                "no trust anchor covers the name") with { ExtendedDnsError = ExtendedDnsErrorCode.DnssecIndeterminate }, now);
        }

        // The signer is a zone whose chain the walk is about to need (stopAtZone): what it will ask is known, so it is sent
        // ahead, once, from the first name the caches do not answer. Without a signer (unsigned data, RFC 4035 §5.2 proof of an
        // insecure delegation) the walk may stop at any cut, so nothing below it is asked ahead.
        bool sentAhead = !(SendsAhead && stopAtZone);
        if (!sentAhead && !IsCached(anchor.Zone, now))
        {
            SendAhead(anchor, anchor.Zone.LabelCount + 1, target, now, budget, cancellationToken);
            sentAhead = true;
        }

        ZoneTrust current = await GetAnchorKeysAsync(anchor, budget, trace, cancellationToken).ConfigureAwait(false);
        for (int labels = anchor.Zone.LabelCount + 1; labels <= target.LabelCount && current.Status == DnssecStatus.Secure; labels++)
        {
            DomainName name = target.GetAncestor(labels);
            if (_zones.TryGetValue(name, out ZoneTrust? cached) && cached.Expires > now)
            {
                current = cached;
                trace.Add(cached.CachedStep(name));
                continue;
            }

            if (_notCuts.TryGetValue(name, out DateTimeOffset until) && until > now)
            {
                continue;
            }

            if (!sentAhead)
            {
                SendAhead(null, labels, target, now, budget, cancellationToken);
                sentAhead = true;
            }

            ZoneTrust? child = await ExamineCutAsync(name, current, budget, trace, cancellationToken).ConfigureAwait(false);
            if (child is not null)
            {
                current = child;
            }
        }

        if (stopAtZone && current.Status == DnssecStatus.Secure && current.Zone != target)
        {
            // The RRSIG names a signer that the chain did not find as a zone.
            return ZoneTrust.Bogus(target, ValidationFailure.Create(ValidationFailureKind.MissingRecords, target, RecordType.DNSKEY,
                $"the signer {target} is not a zone below {current.Zone}"), now + _settings.BogusTtl);
        }

        return current;
    }

    /// <summary>
    /// Sends ahead what the walk from <paramref name="fromLabels"/> down to the zone <paramref name="target"/> will ask, in
    /// the walk's order, skipping what the caches answer and stopping where a cached verdict ends the walk: the anchor's
    /// DNSKEY (when given), and DS and DNSKEY at every name.
    /// Nothing below the target is asked.
    /// </summary>
    private void SendAhead(TrustAnchor? anchor, int fromLabels, DomainName target, DateTimeOffset now, WorkBudget budget, CancellationToken cancellationToken)
    {
        ChainPrefetch prefetch = Prefetch(budget);
        if (anchor is not null && HasUsableEntry(anchor))
        {
            prefetch.Send(new DnsQuestion(anchor.Zone, RecordType.DNSKEY), cancellationToken);
        }

        int intermediates = 0;
        for (int labels = fromLabels; labels <= target.LabelCount; labels++)
        {
            DomainName name = target.GetAncestor(labels);
            if (_zones.TryGetValue(name, out ZoneTrust? cached) && cached.Expires > now)
            {
                if (cached.Status != DnssecStatus.Secure)
                {
                    return;
                }

                continue;
            }

            if (_notCuts.TryGetValue(name, out DateTimeOffset until) && until > now)
            {
                continue;
            }

            // The signer must be a zone; a name between it and the anchor almost always is one (see the class remarks), so
            // its DNSKEY query goes with its DS query — for the first few such names only: a deep signer under names that
            // are not cuts then wastes at most MaxIntermediateKeysAhead queries of the lookup's budget, and the walk asks for
            // the keys of a deeper cut itself once its DS answer shows one.
            prefetch.Send(new DnsQuestion(name, RecordType.DS), cancellationToken);
            if (labels == target.LabelCount || intermediates++ < MaxIntermediateKeysAhead)
            {
                prefetch.Send(new DnsQuestion(name, RecordType.DNSKEY), cancellationToken);
            }
        }
    }

    /// <summary>Names between the anchor and the signer whose DNSKEY query is sent ahead with their DS query (a TLD, a
    /// registry's level and one more cover nearly every real chain).</summary>
    internal const int MaxIntermediateKeysAhead = 3;

    private ChainPrefetch Prefetch(WorkBudget budget) =>
        budget.Prefetch ??= new ChainPrefetch(_source, budget, _authenticator.Verifier, _settings.MaxVerificationsPerLookup);

    private bool IsCached(DomainName zone, DateTimeOffset now) => _zones.TryGetValue(zone, out ZoneTrust? cached) && cached.Expires > now;

    /// <summary>Whether the walk asks for the anchor zone's DNSKEY RRset at all (it does unless nothing of the anchor is usable).</summary>
    private bool HasUsableEntry(TrustAnchor anchor) =>
        anchor.Ds.Any(_isUsableDs) || anchor.Dnskeys.Any(k => SignatureAlgorithm.IsSupported(k.Algorithm) && IsAllowed(k.Algorithm));

    /// <summary>
    /// RFC 6840 §5.2, RFC 4509 §3: DS records of unsupported algorithms or digest types are ignored; so is a DS whose digest
    /// is too short or long for its type (it can never match a key).
    /// </summary>
    private bool IsUsableDs(DsRdata ds) =>
        SignatureAlgorithm.IsSupported(ds.Algorithm) && DsDigest.IsSupported(ds.DigestType) && ds.HasExpectedDigestLength && IsAllowed(ds.Algorithm);

    private async ValueTask<ZoneTrust> GetAnchorKeysAsync(TrustAnchor anchor, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (_zones.TryGetValue(anchor.Zone, out ZoneTrust? cached) && cached.Expires > now)
        {
            trace.Add(cached.CachedStep(anchor.Zone));
            return cached;
        }

        ZoneTrust keys = await FetchKeysAsync(anchor.Zone, anchor.Ds, anchor.Dnskeys, budget, trace, ChainStepKind.TrustAnchor, cancellationToken).ConfigureAwait(false);
        return Remember(keys);
    }

    /// <summary>Asks for DS at <paramref name="name"/>; returns the child's keys when it is a zone, or null when it is not a cut.</summary>
    private async ValueTask<ZoneTrust?> ExamineCutAsync(DomainName name, ZoneTrust parent, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var (response, failure) = await QueryAsync(new DnsQuestion(name, RecordType.DS), budget, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return ZoneTrust.Indeterminate(name, failure, now + _settings.BogusTtl);
        }

        var answer = MessageSections.Split(response.Answers);
        RRSet? ds = answer.Find(name, RecordType.DS);
        if (response.ResponseCode == ResponseCode.NoError && ds is not null)
        {
            RrsetCheck check = _authenticator.Check(ds, answer.SignaturesFor(name, RecordType.DS), parent.Zone, parent.Keys, budget);
            trace.Add(new ChainStep
            {
                Kind = ChainStepKind.DelegationSigner, Zone = parent.Zone, Owner = name, Type = RecordType.DS, Status = check.Status,
                KeyTags = check.Rrsig is null ? [] : [check.Rrsig.KeyTag], Records = ds.Records, Detail = check.Failure?.ToString(),
                SignatureWindow = Window(check.Rrsig, now),
            });
            if (check.Status != DnssecStatus.Secure)
            {
                return Remember(ZoneTrust.Bogus(name, check.Failure!, now + _settings.BogusTtl));
            }

            var dsRecords = ds.Data.OfType<DsRdata>().ToImmutableArray();
            return Remember(await FetchKeysAsync(name, dsRecords, [], budget, trace, ChainStepKind.ZoneKeys, cancellationToken).ConfigureAwait(false));
        }

        if (response.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain))
        {
            return ZoneTrust.Indeterminate(name, ValidationFailure.Create(ValidationFailureKind.MissingRecords, name, RecordType.DS,
                $"the DS query was answered {response.ResponseCode}") with { ExtendedDnsError = ExtendedDnsErrorCode.DnssecIndeterminate }, now + _settings.BogusTtl);
        }

        // A CNAME at the name: not a zone cut (a cut cannot coexist with CNAME); the answer data itself is checked elsewhere.
        if (response.ResponseCode == ResponseCode.NoError && answer.Find(name, RecordType.CNAME) is not null)
        {
            _notCuts[name] = now + TimeSpan.FromSeconds(_settings.MinimumTtl);
            return null;
        }

        // A negative answer: the NSEC/NSEC3 RRsets the proof can use are validated with the parent's keys, then the proof
        // runs over the verified ones; unneeded or unverifiable extra RRsets are dropped, but a proof that fails without
        // one is Bogus (DenialEvidence, RFC 4035 §5.4).
        var authority = MessageSections.Split(response.Authorities);
        DenialEvidence evidence = DenialEvidence.Collect(authority, name, parent.Zone, _options,
            (rrset, rrsigs) => _authenticator.Check(rrset, rrsigs, parent.Zone, parent.Keys, budget));
        List<ResourceRecord> denialRecords = evidence.Records;
        uint ttl = evidence.Ttl;
        DenialProof proof = response.ResponseCode == ResponseCode.NXDomain ? evidence.ProveNameError(name) : evidence.ProveNoData(name, RecordType.DS);
        // Some servers answer NXDOMAIN to a DS query at an empty non-terminal, with the NSEC that proves the name exists
        // (RFC 4592 §2.2.2): the signed records still prove there is no DS and no cut there, which is all the walk needs.
        if (response.ResponseCode == ResponseCode.NXDomain && proof.Status != DnssecStatus.Secure
            && evidence.ProveNoData(name, RecordType.DS) is { Status: DnssecStatus.Secure, IsDelegation: false } emptyNonTerminal)
        {
            proof = emptyNonTerminal;
        }

        if (proof.Status != DnssecStatus.Secure && evidence.Rejected is { } rejected)
        {
            trace.Add(new ChainStep { Kind = ChainStepKind.Denial, Zone = parent.Zone, Owner = rejected.RRset.Name, Type = rejected.RRset.Type, Status = DnssecStatus.Bogus, Detail = rejected.Failure.ToString(), Records = rejected.RRset.Records });
            return Remember(ZoneTrust.Bogus(name, rejected.Failure, now + _settings.BogusTtl));
        }

        var expires = now + TimeSpan.FromSeconds(Math.Max(_settings.MinimumTtl, ttl == uint.MaxValue ? 0 : ttl));
        switch (proof.Status)
        {
            case DnssecStatus.Secure when proof.IsDelegation:
                // RFC 4035 §5.2: a proven delegation without DS is an insecure delegation.
                trace.Add(new ChainStep { Kind = ChainStepKind.InsecureDelegation, Zone = parent.Zone, Owner = name, Type = RecordType.DS, Status = DnssecStatus.Insecure, Records = [.. denialRecords], Detail = "the parent proves there is no DS" });
                return Remember(ZoneTrust.Insecure(name, ValidationFailure.Create(ValidationFailureKind.MissingRecords, name, RecordType.DS, "unsigned delegation") with { ExtendedDnsError = ExtendedDnsErrorCode.OtherError }, expires));
            case DnssecStatus.Secure:
                // No delegation here (an ordinary name, an empty non-terminal or a proven non-existent name).
                _notCuts[name] = expires;
                return null;
            case DnssecStatus.Insecure:
                // NSEC3 opt-out span or iteration cap: the child may be an unsigned delegation (RFC 5155 §6, RFC 9276).
                trace.Add(new ChainStep { Kind = ChainStepKind.InsecureDelegation, Zone = parent.Zone, Owner = name, Type = RecordType.DS, Status = DnssecStatus.Insecure, Records = [.. denialRecords], Detail = proof.Failure?.ToString() ?? "NSEC3 opt-out" });
                return Remember(ZoneTrust.Insecure(name, proof.Failure, expires));
            default:
                trace.Add(new ChainStep { Kind = ChainStepKind.Denial, Zone = parent.Zone, Owner = name, Type = RecordType.DS, Status = proof.Status, Records = [.. denialRecords], Detail = proof.Failure?.ToString() });
                return Remember(ZoneTrust.Bogus(name, proof.Failure ?? ValidationFailure.Create(ValidationFailureKind.InvalidDenial, name, RecordType.DS), now + _settings.BogusTtl));
        }
    }

    /// <summary>
    /// Fetches the DNSKEY RRset of <paramref name="zone"/> and authenticates it with the DS set or trust-anchor keys
    /// (RFC 4035 §5.2): a DNSKEY matching a supported DS (SHA-256 preferred over SHA-1, RFC 4509 §3) must sign the RRset.
    /// Only unsupported algorithms or digests → Insecure (RFC 4035 §5.2, RFC 6840 §5.2).
    /// </summary>
    private async ValueTask<ZoneTrust> FetchKeysAsync(DomainName zone, ImmutableArray<DsRdata> ds, ImmutableArray<DnskeyRdata> anchorKeys, WorkBudget budget, List<ChainStep> trace, ChainStepKind kind, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var usableDs = ds.Where(_isUsableDs).ToList();
        // RFC 4509 §3: when SHA-256 DS records are present, SHA-1 ones are ignored.
        if (usableDs.Any(d => d.DigestType != DigestType.Sha1))
        {
            usableDs.RemoveAll(d => d.DigestType == DigestType.Sha1);
        }

        var usableAnchorKeys = anchorKeys.Where(k => SignatureAlgorithm.IsSupported(k.Algorithm) && IsAllowed(k.Algorithm)).ToList();
        if (usableDs.Count == 0 && usableAnchorKeys.Count == 0
            && ds.Any(d => SignatureAlgorithm.IsSupported(d.Algorithm) && DsDigest.IsSupported(d.DigestType) && IsAllowed(d.Algorithm)))
        {
            // Only DS records of a supported algorithm and digest type whose digest has the wrong length: a broken DS set,
            // not an unsupported one. It fails closed (RFC 4035 §5.2: no DS matches), as Unbound and BIND answer it.
            var broken = ValidationFailure.Create(ValidationFailureKind.DsMismatch, zone, RecordType.DS, "every DS digest has the wrong length for its type");
            trace.Add(new ChainStep { Kind = kind, Zone = zone, Owner = zone, Type = RecordType.DS, Status = DnssecStatus.Bogus, Detail = broken.ToString() });
            return ZoneTrust.Bogus(zone, broken, now + _settings.BogusTtl);
        }

        if (usableDs.Count == 0 && usableAnchorKeys.Count == 0)
        {
            var reason = ValidationFailure.Create(ds.IsDefaultOrEmpty && anchorKeys.IsDefaultOrEmpty ? ValidationFailureKind.MissingRecords
                : ds.Any(d => !DsDigest.IsSupported(d.DigestType)) ? ValidationFailureKind.UnsupportedDigestType : ValidationFailureKind.UnsupportedAlgorithm,
                zone, RecordType.DS, "no DS or anchor with a supported algorithm and digest");
            trace.Add(new ChainStep { Kind = ChainStepKind.InsecureDelegation, Zone = zone, Owner = zone, Type = RecordType.DS, Status = DnssecStatus.Insecure, Detail = reason.ToString() });
            return ZoneTrust.Insecure(zone, reason, now + TimeSpan.FromSeconds(_settings.MinimumTtl));
        }

        var (response, failure) = await QueryAsync(new DnsQuestion(zone, RecordType.DNSKEY), budget, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return ZoneTrust.Indeterminate(zone, failure, now + _settings.BogusTtl);
        }

        var answer = MessageSections.Split(response.Answers);
        RRSet? dnskeys = answer.Find(zone, RecordType.DNSKEY);
        if (dnskeys is null)
        {
            var missing = ValidationFailure.Create(ValidationFailureKind.DsMismatch, zone, RecordType.DNSKEY, $"no DNSKEY RRset (answer {response.ResponseCode})");
            trace.Add(new ChainStep { Kind = kind, Zone = zone, Owner = zone, Type = RecordType.DNSKEY, Status = DnssecStatus.Bogus, Detail = missing.ToString() });
            return ZoneTrust.Bogus(zone, missing, now + _settings.BogusTtl);
        }

        var keys = dnskeys.Data.OfType<DnskeyRdata>().ToImmutableArray();
        // Keys vouched for by the parent: those matching a DS, or equal to an anchor key.
        bool MatchesDs(DnskeyRdata k) => usableDs.Any(d => d.KeyTag == k.KeyTag && d.Algorithm == k.Algorithm && DsDigest.Matches(d.DigestType, zone, k.CanonicalData, d.Digest.Span));
        var entryKeys = keys.Where(k => k.Protocol == 3 && k.IsZoneKey && !k.IsRevoked && (MatchesDs(k) || usableAnchorKeys.Any(a => a.Equals(k)))).ToImmutableArray();
        if (entryKeys.IsEmpty)
        {
            // RFC 4034 §2.1.1: a key the DS names but without the Zone Key bit (or protocol 3) cannot sign: EDE 11, as Unbound reports it.
            DnskeyRdata? notZoneKey = keys.FirstOrDefault(k => (k.Protocol != 3 || !k.IsZoneKey) && MatchesDs(k));
            var mismatch = notZoneKey is not null
                ? ValidationFailure.Create(ValidationFailureKind.NoZoneKey, zone, RecordType.DNSKEY, $"key {notZoneKey.KeyTag} matches the DS but is not a zone key (flags {notZoneKey.Flags}, protocol {notZoneKey.Protocol})")
                : ValidationFailure.Create(ValidationFailureKind.DsMismatch, zone, RecordType.DNSKEY,
                    $"none of the {keys.Length} DNSKEYs matches DS {string.Join(",", usableDs.Select(d => d.KeyTag))}");
            trace.Add(new ChainStep { Kind = kind, Zone = zone, Owner = zone, Type = RecordType.DNSKEY, Status = DnssecStatus.Bogus, Records = dnskeys.Records, Detail = mismatch.ToString() });
            return ZoneTrust.Bogus(zone, mismatch, now + _settings.BogusTtl);
        }

        // RFC 4035 §5.2: the DNSKEY RRset must be signed by a key that the DS (or anchor) authenticates.
        RrsetCheck check = _authenticator.Check(dnskeys, answer.SignaturesFor(zone, RecordType.DNSKEY), zone, entryKeys, budget);
        trace.Add(new ChainStep
        {
            Kind = kind, Zone = zone, Owner = zone, Type = RecordType.DNSKEY, Status = check.Status, Records = dnskeys.Records,
            KeyTags = check.Rrsig is null ? [.. entryKeys.Select(k => k.KeyTag)] : [check.Rrsig.KeyTag],
            Algorithms = [.. entryKeys.Select(k => k.Algorithm).Distinct()], SignatureWindow = Window(check.Rrsig, now), Detail = check.Failure?.ToString(),
        });
        if (check.Status != DnssecStatus.Secure)
        {
            return ZoneTrust.Bogus(zone, check.Failure!, now + _settings.BogusTtl);
        }

        return ZoneTrust.Secure(zone, keys, now + TimeSpan.FromSeconds(Math.Max(_settings.MinimumTtl, Math.Min(check.Ttl, _settings.MaximumTtl))));
    }

    private bool IsAllowed(DnssecAlgorithm algorithm) =>
        _settings.TreatRsaSha1AsUnsupported is false || algorithm is not (DnssecAlgorithm.RsaSha1 or DnssecAlgorithm.RsaSha1Nsec3Sha1);

    internal async ValueTask<(DnsMessage? Message, ValidationFailure? Failure)> QueryAsync(DnsQuestion question, WorkBudget budget, CancellationToken cancellationToken)
    {
        DataSourceResponse response;
        if (budget.Prefetch is { } prefetch && prefetch.TryTake(question, out Task<DataSourceResponse> ahead))
        {
            // Sent ahead (and counted then): only the data, judged below and by the caller exactly as if asked now.
            response = await ahead.ConfigureAwait(false);
        }
        else
        {
            if (!budget.TrySpendQuery())
            {
                return (null, ValidationFailure.Create(ValidationFailureKind.WorkLimitExceeded, question.Name, question.Type, "too many upstream queries for one lookup"));
            }

            response = await _source.QueryAsync(question, cancellationToken).ConfigureAwait(false);
        }

        if (!response.HasMessage)
        {
            return (null, ValidationFailure.Create(ValidationFailureKind.MissingRecords, question.Name, question.Type, response.Failure)
                with { ExtendedDnsError = ExtendedDnsErrorCode.NoReachableAuthority });
        }

        return (response.Message, null);
    }

    private ZoneTrust Remember(ZoneTrust keys)
    {
        if (keys.Status != DnssecStatus.Indeterminate)
        {
            _zones[keys.Zone] = keys;
        }

        return keys;
    }

    /// <summary>
    /// Forgets the failed (Bogus) zone states at or below <paramref name="zone"/>, so that a lookup retried at other
    /// servers after a validation failure builds those links again; Secure and Insecure states stay.
    /// </summary>
    internal void ForgetFailures(DomainName zone)
    {
        foreach (var (name, trust) in _zones)
        {
            if (trust.Status == DnssecStatus.Bogus && name.IsSubdomainOf(zone))
            {
                _zones.TryRemove(new KeyValuePair<DomainName, ZoneTrust>(name, trust));
            }
        }
    }

    /// <summary>Drops every cached zone state and not-a-cut proof.</summary>
    internal void Clear()
    {
        _zones.Clear();
        _notCuts.Clear();
    }

    private static (DateTimeOffset, DateTimeOffset)? Window(RrsigRdata? rrsig, DateTimeOffset now) =>
        rrsig is null ? null : (RrsetAuthenticator.SerialTime(rrsig.SignatureInception, now), RrsetAuthenticator.SerialTime(rrsig.SignatureExpiration, now));
}
