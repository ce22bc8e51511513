using System.Collections.Immutable;
using DnsSecure.Caching;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Resolution;

/// <summary>
/// A DNSSEC-validating resolver embedded in the process. Every lookup ends with a verdict — Secure, Insecure, Bogus or
/// Indeterminate — its reason (with an RFC 8914 Extended DNS Error code) and the chain of trust it rests on. Messages come
/// from an <see cref="IDnssecDataSource"/> (stub mode by default: recursive servers asked with DO=1, CD=1); validation is
/// local. An upstream that strips RRSIGs or cannot do EDNS yields Bogus or Indeterminate, never Insecure, unless the
/// missing signatures are explained by a proven unsigned delegation.
/// </summary>
public sealed partial class ValidatingResolver
{
    private readonly ChainOfTrust _chain;
    private readonly RrsetAuthenticator _authenticator;
    private readonly TrustAnchorStore _anchors;
    private readonly ValidatorOptions _validatorOptions;
    private readonly ValidatingResolverSettings _settings;
    private readonly TimeProvider _time;
    private readonly IUpstreamValidatedSource? _upstreamValidated;
    private readonly ValidatedAnswerCache<ValidatedLookup> _cache;
    private readonly SingleFlight<QuestionKey, ValidatedLookup> _singleFlight = new();
    private readonly Func<QuestionKey, CancellationToken, Task<ValidatedLookup>> _resolveUncached;
    private readonly bool _rootKeySentinel;
    private readonly AggressiveNsecCache? _nsecCache;
    private readonly bool _continueOnThreadPool;
    private long _upstreamQueries;

    /// <summary>Creates a resolver over a message source with trust anchors (default: the IANA root anchors).</summary>
    public ValidatingResolver(IDnssecDataSource source, TrustAnchorStore? anchors = null, ValidatingResolverOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new ValidatingResolverOptions();
        _anchors = anchors ?? TrustAnchorStore.Default;
        _validatorOptions = (options.Validator ?? ValidatorOptions.Default).Validate();
        _settings = options.ToSettings();
        _time = timeProvider ?? TimeProvider.System;
        _authenticator = new RrsetAuthenticator(new RrsetVerifier(_validatorOptions, _time));
        // Iterative mode keeps the chain's queries sequential: its referral logic follows one query at a time.
        _chain = new ChainOfTrust(new CountingSource(source, this), _anchors, _validatorOptions, _settings, _authenticator, _time)
        {
            SendsAhead = _settings.SendChainQueriesAhead && source is not Recursion.IterativeDataSource,
        };
        _source = source;
        _logger = options.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _primarySource = source is Recursion.IterativeDataSource ? ResolutionSource.Recursive : ResolutionSource.Stub;
        _fallback = CreateFallback(source, anchors, options, timeProvider);
        _upstreamValidated = _settings.TrustUpstreamAuthenticatedData ? source as IUpstreamValidatedSource : null;
        _cache = new ValidatedAnswerCache<ValidatedLookup>(_settings.MaxCacheEntries, _time);
        _resolveUncached = ResolveUncachedAsync;
        _rootKeySentinel = options.RootKeySentinel;
        _nsecCache = options.AggressiveNsec ? new AggressiveNsecCache(_time) : null;
        _continueOnThreadPool = options.ContinueOnThreadPool;
    }

    /// <summary>Upstream queries sent so far (for tests and metrics).</summary>
    public long UpstreamQueryCount => Interlocked.Read(ref _upstreamQueries);

    /// <summary>Resolves and validates <paramref name="name"/>/<paramref name="type"/>.</summary>
    public ValueTask<ValidatedLookup> ResolveAsync(string name, RecordType type, CancellationToken cancellationToken = default) =>
        ResolveAsync(DomainName.Parse(name), type, cancellationToken);

    /// <summary>Resolves and validates <paramref name="name"/>/<paramref name="type"/>. Concurrent identical lookups share one resolution.</summary>
    public ValueTask<ValidatedLookup> ResolveAsync(DomainName name, RecordType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new QuestionKey(name, type);

        // The hit path: one probe with a precomputed hash, an already-completed ValueTask, nothing allocated.
        if (_cache.TryGet(key, out ValidatedLookup? cached))
        {
            return new ValueTask<ValidatedLookup>(cached);
        }

        return Transport.EventLoop.LoopEscape.Leave(_singleFlight.RunAsync(key, _resolveUncached, cancellationToken), _continueOnThreadPool); // the caller may resume on the UDP loop thread (LoopEscape)
    }

    /// <summary>Drops every cached answer and key.</summary>
    public void ClearCache()
    {
        _cache.Clear();
        _nsecCache?.Clear();
        ClearRecursionCaches();
    }

    /// <summary>Every uncached answer leaves <see cref="ResolveUncachedAsync"/> through here: the root key sentinel, then the cache.</summary>
    private ValidatedLookup Completed(QuestionKey key, ValidatedLookup result)
    {
        if (_rootKeySentinel && RootKeySentinel.Check(result.Question, result.Status, _anchors) is { } sentinel)
        {
            // RFC 8509 §3.2: the sentinel answer is SERVFAIL.
            result = result with { Status = DnssecStatus.Bogus, Failure = sentinel };
        }

        if (result.Status != DnssecStatus.Indeterminate)
        {
            TimeSpan life = result.Status == DnssecStatus.Bogus ? _settings.BogusTtl : TimeSpan.FromSeconds(Math.Clamp(result.Ttl, _settings.MinimumTtl, _settings.MaximumTtl));
            _cache.Set(key, ForCache(result), life);
            RememberChainTarget(key, result, life);
        }

        return result;
    }

    /// <summary>
    /// What the answer cache keeps: the verdict, records and chain, not the raw upstream message (a lookup served from the
    /// cache received none; <see cref="ValidatedLookup.Response"/> is null there). The message is most of what an answer
    /// would otherwise keep alive — the RRSIG over the authority NS RRset, glue, the OPT record — and every byte kept is
    /// copied again by each garbage-collector promotion: measured, 2.4 KB → 0.9 KB per cached RSA answer, −10 % CPU per
    /// uncached answer (docs/benchmarks.md).
    /// </summary>
    private static ValidatedLookup ForCache(ValidatedLookup result) => result.Response is null ? result : result with { Response = null };

    /// <summary>
    /// A Secure answer reached through a CNAME chain also answers the question for its last name: the target RRset is cached
    /// under (canonical name, type), as a resolver's RRset cache keeps the validated RRsets of a response, so a later chain
    /// ending there (one synthesised from a cached wildcard, RFC 8198 §5.3, too) needs no query. Only a target signed by the
    /// zone that signed the first CNAME is kept (in bailiwick of the answering zone, as a scrubber keeps it); a target in
    /// another zone is asked for on its own.
    /// </summary>
    private void RememberChainTarget(QuestionKey key, ValidatedLookup result, TimeSpan life)
    {
        if (result.Status != DnssecStatus.Secure || result.ResponseCode != ResponseCode.NoError || result.CanonicalName == key.Name)
        {
            return;
        }

        DomainName? firstZone = result.Chain.FirstOrDefault(s => s.Kind == ChainStepKind.Rrset && s.Owner == key.Name && s.Type == RecordType.CNAME)?.Zone;
        DomainName? targetZone = result.Chain.LastOrDefault(s => s.Kind == ChainStepKind.Rrset && s.Owner == result.CanonicalName && s.Type == key.Type)?.Zone;
        if (firstZone is null || firstZone != targetZone)
        {
            return;
        }

        var target = new QuestionKey(result.CanonicalName, key.Type);
        ImmutableArray<ResourceRecord> records = [.. result.Answers.Where(r => r.Name == result.CanonicalName && r.Type == key.Type)];
        if (records.IsEmpty || _cache.TryGet(target, out _))
        {
            return;
        }

        // The chain keeps the keys and the target RRset's own steps, not those of the names that led to it.
        _cache.Set(target, result with
        {
            Question = new DnsQuestion(result.CanonicalName, key.Type), Answers = records, Synthesized = false, Response = null,
            Chain = [.. result.Chain.Where(s => s.Kind != ChainStepKind.Rrset || s.Owner == result.CanonicalName)],
        }, life);
    }

    private async Task<ValidatedLookup> ResolveCoreAsync(DomainName name, RecordType type, CancellationToken cancellationToken, WorkBudget? budget = null)
    {
        budget ??= new WorkBudget(_settings.MaxQueriesPerLookup, _settings.MaxVerificationsPerLookup);
        if (_upstreamValidated is not null && budget.TrySpendQuery())
        {
            // Optional trust-AD mode (RFC 6840 §5.8): a trusted upstream's validated answer; anything else is validated here.
            Interlocked.Increment(ref _upstreamQueries);
            if (await _upstreamValidated.QueryTrustedAsync(new DnsQuestion(name, type), cancellationToken).ConfigureAwait(false) is { } trusted)
            {
                return UpstreamAuthenticatedAnswer.Create(new DnsQuestion(name, type), trusted, _settings, budget.Queries);
            }
        }

        var trace = new List<ChainStep>();
        var question = new DnsQuestion(name, type);
        var outcome = new Outcome();
        DomainName qname = name;
        DnsMessage? last = null;
        bool fromNsecCache = false;
        for (int hop = 0; ; hop++)
        {
            if (hop > _settings.MaxChainLength)
            {
                outcome.Add(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.WorkLimitExceeded, qname, type, "CNAME/DNAME chain too long"));
                break;
            }

            if (hop > 0 && _cache.TryGet(new QuestionKey(qname, type), out ValidatedLookup? known, out TimeSpan left)
                && known.Status == DnssecStatus.Secure && known.ResponseCode == ResponseCode.NoError && known.CanonicalName == qname)
            {
                // The chain reached a name whose Secure answer is cached (RememberChainTarget): it counts with the time it
                // has left in the cache, never more (its TTL was already capped by its RRSIGs, RFC 4035 §5.3.3).
                outcome.ResponseCode = ResponseCode.NoError;
                outcome.CanonicalName = qname;
                outcome.Records.AddRange(known.Answers);
                outcome.Add(DnssecStatus.Secure, null, (uint)Math.Min(known.Ttl, Math.Max(0, Math.Floor(left.TotalSeconds))));
                trace.Add(new ChainStep
                {
                    Kind = ChainStepKind.Rrset, Zone = LastRrsetZone(known.Chain, qname) ?? qname, Owner = qname, Type = type, Status = DnssecStatus.Secure, Records = known.Answers,
                    Detail = "the validated answer cached for this name",
                });
                break;
            }

            if (SynthesizeDenial(qname, type) is { } synthesized)
            {
                // RFC 8198 §5.1, §5.2: a name or type already denied by validated NSEC/NSEC3 records is answered from them;
                // §5.3: so is a name they prove absent under a cached, validated wildcard.
                outcome.ResponseCode = synthesized.Rcode;
                outcome.CanonicalName = qname;
                outcome.Add(DnssecStatus.Secure, null, synthesized.Ttl);
                trace.Add(synthesized.Step);
                fromNsecCache = true;
                if (synthesized.Answer is not { } expanded)
                {
                    break;
                }

                outcome.Visited.Add(qname);
                outcome.Records.AddRange(expanded.Records);
                if (expanded.Type == type || expanded.Data[0] is not CnameRdata cname)
                {
                    break;
                }

                // A CNAME from the wildcard: the chain continues at its target (RFC 1034 §4.3.2).
                qname = cname.CanonicalName;
                if (outcome.Visited.Contains(qname))
                {
                    Loop(outcome, qname);
                    break;
                }

                continue;
            }

            ValueTask<(DnsMessage?, ValidationFailure?)> asked = _chain.QueryAsync(new DnsQuestion(qname, type), budget, cancellationToken);
            if (hop == 0)
            {
                _chain.SendAheadForLookup(name, type, budget, cancellationToken); // travels with the question, once it is sent
            }

            var (message, failure) = await asked.ConfigureAwait(false);
            if (message is null)
            {
                // No usable response (timeout, SERVFAIL, no EDNS): answer as a validating server would, SERVFAIL (RFC 4035 §5.5).
                outcome.ResponseCode = ResponseCode.ServFail;
                outcome.Add(DnssecStatus.Indeterminate, failure);
                break;
            }

            last = message;
            outcome.ResponseCode = message.ResponseCode;
            if (type is RecordType.RRSIG)
            {
                // RRSIGs are not signed themselves (RFC 4035 §5.3): a query for them is answered, never validated.
                outcome.Records.AddRange(message.Answers);
                outcome.Add(DnssecStatus.Insecure, ValidationFailure.Create(ValidationFailureKind.MissingRecords, qname, type, "RRSIG RRsets are not validated") with { ExtendedDnsError = ExtendedDnsErrorCode.OtherError });
                break;
            }

            if (message.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain))
            {
                outcome.Add(DnssecStatus.Indeterminate, ValidationFailure.Create(ValidationFailureKind.MissingRecords, qname, type,
                    $"the upstream answered {message.ResponseCode}") with { ExtendedDnsError = ExtendedDnsErrorCode.DnssecIndeterminate });
                break;
            }

            DomainName? next = await ValidateMessageAsync(qname, type, message, outcome, budget, trace, cancellationToken).ConfigureAwait(false);
            if (next is null || outcome.Status == DnssecStatus.Bogus)
            {
                break;
            }

            qname = next;
        }

        return new ValidatedLookup
        {
            Question = question,
            Status = outcome.Status,
            Failure = outcome.Failure,
            ResponseCode = outcome.ResponseCode,
            CanonicalName = outcome.CanonicalName ?? name,
            Answers = [.. outcome.Records],
            Ttl = outcome.Ttl == uint.MaxValue ? 0 : outcome.Ttl,
            Chain = [.. trace],
            Response = last,
            UpstreamQueries = budget.Queries,
            SignatureVerifications = budget.Verifications,
            Synthesized = fromNsecCache,
        };
    }

    // A loop, not a lambda: a lambda capturing qname would put it (and a closure allocation) on every lookup's path.
    private static DomainName? LastRrsetZone(ImmutableArray<ChainStep> chain, DomainName owner)
    {
        for (int i = chain.Length - 1; i >= 0; i--)
        {
            if (chain[i].Kind == ChainStepKind.Rrset && chain[i].Owner == owner)
            {
                return chain[i].Zone;
            }
        }

        return null;
    }

    /// <summary>Validates what one message says about <paramref name="qname"/>; returns the name to ask next when a chain leaves the message.</summary>
    private async ValueTask<DomainName?> ValidateMessageAsync(DomainName qname, RecordType qtype, DnsMessage message, Outcome outcome, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        var answer = MessageSections.Split(message.Answers);
        var authority = MessageSections.Split(message.Authorities);
        DomainName current = qname;
        for (int link = 0; link <= _settings.MaxChainLength; link++)
        {
            outcome.Visited.Add(current);
            outcome.CanonicalName = current;
            // RFC 6672 §2.4 / §3.3: below a DNAME owner nothing exists but what the DNAME synthesises, so a validated DNAME
            // in the answer takes precedence over any (unsigned) CNAME or data claimed for a name under it.
            if (qtype != RecordType.DNAME && FindDname(answer, current) is { } dname)
            {
                await ValidateAnswerRrsetAsync(dname, answer, authority, outcome, budget, trace, cancellationToken).ConfigureAwait(false);
                DomainName? synthesized = SynthesizeFromDname(current, dname, answer, outcome, trace);
                if (synthesized is null || outcome.Status == DnssecStatus.Bogus)
                {
                    return null;
                }

                if (qtype == RecordType.CNAME)
                {
                    // A CNAME query is answered by the synthesised CNAME itself (RFC 6672 §3.1).
                    return null;
                }

                current = synthesized;
                if (outcome.Visited.Contains(current))
                {
                    return Loop(outcome, current);
                }

                continue;
            }

            if (answer.Find(current, qtype) is { } rrset)
            {
                await ValidateAnswerRrsetAsync(rrset, answer, authority, outcome, budget, trace, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (qtype != RecordType.CNAME && answer.Find(current, RecordType.CNAME) is { } alias)
            {
                await ValidateAnswerRrsetAsync(alias, answer, authority, outcome, budget, trace, cancellationToken).ConfigureAwait(false);
                current = ((CnameRdata)alias.Data[0]).CanonicalName;
                if (outcome.Status == DnssecStatus.Bogus)
                {
                    return null;
                }

                if (outcome.Visited.Contains(current))
                {
                    return Loop(outcome, current);
                }

                continue;
            }

            // Nothing more in the answer for this name.
            // A referral for the target (NS for an ancestor of it, with NSEC/NSEC3 proving no DS) is not a negative answer
            // for the target (RFC 4035 §3.1.4): the chain continues in the child zone.
            bool referral = authority.RrSets.Any(s => s.Type == RecordType.NS && current.IsSubdomainOf(s.Name))
                && !authority.RrSets.Any(s => s.Type == RecordType.SOA);
            bool negativeHere = message.ResponseCode == ResponseCode.NXDomain
                || (!referral && authority.RrSets.Any(s => s.Type is RecordType.SOA or RecordType.NSEC or RecordType.NSEC3));
            if (current != qname && !negativeHere)
            {
                return current; // the upstream did not follow the chain: ask for the target
            }

            if (current != qname)
            {
                // The negative part of a CNAME/DNAME response is about the target, but a server answering the original name
                // need not be authoritative for the target (RFC 1034 §4.3.2 step 3.c): when its proof does not hold for the
                // target, the target is asked itself (as an iterator chases a CNAME response) instead of failing the chain.
                var probe = new Outcome();
                var probeTrace = new List<ChainStep>();
                await ValidateNegativeAsync(current, qtype, message.ResponseCode, authority, probe, budget, probeTrace, cancellationToken).ConfigureAwait(false);
                if (probe.Status == DnssecStatus.Bogus)
                {
                    return current;
                }

                trace.AddRange(probeTrace);
                outcome.Add(probe.Status, probe.Failure, probe.Ttl);
                return null;
            }

            await ValidateNegativeAsync(current, qtype, message.ResponseCode, authority, outcome, budget, trace, cancellationToken).ConfigureAwait(false);
            return null;
        }

        outcome.Add(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.WorkLimitExceeded, qname, qtype, "CNAME/DNAME chain too long"));
        return null;
    }

    private async ValueTask ValidateAnswerRrsetAsync(RRSet rrset, MessageSections answer, MessageSections authority, Outcome outcome, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        outcome.Records.AddRange(rrset.Records);
        IReadOnlyList<RrsigRdata> rrsigs = answer.SignaturesFor(rrset.Name, rrset.Type);
        var (status, failure, check, zone) = await CheckRrsetAsync(rrset, rrsigs, budget, trace, cancellationToken).ConfigureAwait(false);
        if (status == DnssecStatus.Secure && check?.Rrsig is { } rrsig && zone is not null)
        {
            int ownerLabels = rrset.Name.IsWildcard ? rrset.Name.LabelCount - 1 : rrset.Name.LabelCount;
            if (rrsig.Labels < ownerLabels && !rrset.Name.IsWildcard)
            {
                // RFC 4035 §5.3.4: a wildcard expansion needs proof that no closer name exists.
                DenialEvidence evidence = CollectDenial(authority, rrset.Name, zone, budget);
                DenialProof proof = evidence.ProveWildcardAnswer(rrset.Name, rrsig.Labels);
                trace.Add(new ChainStep { Kind = ChainStepKind.Denial, Zone = zone.Zone, Owner = rrset.Name, Type = rrset.Type, Status = proof.Status, Records = [.. evidence.Records], Detail = proof.Failure?.ToString() ?? "wildcard expansion proven" });
                if (proof.Status != DnssecStatus.Secure)
                {
                    outcome.Add(proof.Status == DnssecStatus.Insecure ? DnssecStatus.Insecure : DnssecStatus.Bogus,
                        proof.Failure ?? ValidationFailure.Create(ValidationFailureKind.MissingDenial, rrset.Name, rrset.Type, "wildcard answer without proof"));
                }
                else if (_nsecCache is not null && rrset.Type is not (RecordType.DNAME or RecordType.DS or RecordType.NSEC or RecordType.NSEC3))
                {
                    // RFC 8198 §5.3: the wildcard RRset and the records proving this expansion are kept, so that other names
                    // the records prove absent are answered from the wildcard without asking (RFC 8198 §5.4: NSEC TTL).
                    _nsecCache.Add(zone.Zone, evidence.Signed, evidence.Ttl);
                    _nsecCache.AddWildcard(zone.Zone, rrset.Name.GetAncestor(rrsig.Labels).Prepend("*"u8), rrset, rrsig, check.Ttl);
                }
            }
        }

        outcome.Add(status, failure, check?.Ttl ?? rrset.Ttl);
    }

    private async ValueTask ValidateNegativeAsync(DomainName name, RecordType type, ResponseCode rcode, MessageSections authority, Outcome outcome, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        // The zone that denies: the signer of the SOA or of the NSEC/NSEC3 records.
        DomainName? signer = null;
        foreach (RRSet rrset in authority.RrSets)
        {
            if (rrset.Type is RecordType.SOA or RecordType.NSEC or RecordType.NSEC3 && authority.SignaturesFor(rrset.Name, rrset.Type) is [var first, ..])
            {
                signer = first.SignerName;
                break;
            }
        }

        RRSet? soa = authority.RrSets.FirstOrDefault(s => s.Type == RecordType.SOA);
        uint negativeTtl = soa is null ? _settings.MinimumTtl : Math.Min(soa.Ttl, ((SoaRdata)soa.Data[0]).Minimum);
        if (signer is null || !name.IsSubdomainOf(signer))
        {
            // Nothing signed: acceptable only below a proven unsigned delegation. DS lives on the parent side of the cut.
            DomainName owner = type == RecordType.DS && !name.IsRoot ? name.Parent() : name;
            ZoneTrust keys = await _chain.GetKeysAsync(owner, stopAtZone: false, budget, trace, cancellationToken).ConfigureAwait(false);
            DnssecStatus status = keys.Status == DnssecStatus.Secure ? DnssecStatus.Bogus : keys.Status;
            ValidationFailure? failure = keys.Status == DnssecStatus.Secure
                ? ValidationFailure.Create(ValidationFailureKind.MissingDenial, name, type, $"{keys.Zone} is signed but the negative answer has no signed proof")
                : keys.Failure;
            outcome.Add(status, failure, negativeTtl);
            return;
        }

        ZoneTrust zone = await _chain.GetKeysAsync(signer, stopAtZone: true, budget, trace, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DnssecStatus.Secure)
        {
            outcome.Add(zone.Status, zone.Failure, negativeTtl);
            return;
        }

        if (soa is not null)
        {
            RrsetCheck soaCheck = _authenticator.Check(soa, authority.SignaturesFor(soa.Name, RecordType.SOA), zone.Zone, zone.Keys, budget);
            if (soaCheck.Status != DnssecStatus.Secure)
            {
                outcome.Add(DnssecStatus.Bogus, soaCheck.Failure, negativeTtl);
                return;
            }

            negativeTtl = Math.Min(negativeTtl, soaCheck.Ttl);
        }

        DenialEvidence evidence = CollectDenial(authority, name, zone, budget);
        DenialProof proof = rcode == ResponseCode.NXDomain ? evidence.ProveNameError(name) : evidence.ProveNoData(name, type);
        DnssecStatus denialStatus = proof.Status;
        ValidationFailure? denialFailure = proof.Failure;
        List<ResourceRecord> records = evidence.Records;
        if (_nsecCache is not null && soa is not null && evidence.Records.Count > 0 && denialStatus is DnssecStatus.Secure or DnssecStatus.Insecure)
        {
            // RFC 8198 §5.4, RFC 9077 §3: kept for min(NSEC TTL, SOA TTL, SOA MINIMUM). Only authenticated RRsets of a proof
            // that held are kept (as Unbound keeps only those of secure responses); the cache uses them only through a new
            // proof, so records of an Insecure (opt-out) proof never synthesise.
            _nsecCache.Add(zone.Zone, evidence.Signed, Math.Min(evidence.Ttl, negativeTtl));
        }

        trace.Add(new ChainStep
        {
            Kind = ChainStepKind.Denial, Zone = zone.Zone, Owner = name, Type = type, Status = denialStatus, Records = [.. records],
            Detail = denialFailure?.ToString() ?? (rcode == ResponseCode.NXDomain ? "the name does not exist" : "the type does not exist"),
        });
        outcome.Add(denialStatus, denialFailure, negativeTtl);
    }

    /// <summary>The NSEC/NSEC3 RRsets of the authority section a proof about <paramref name="name"/> can use, each checked
    /// with the zone's keys; unneeded and unverifiable extra RRsets are dropped (<see cref="DenialEvidence"/>).</summary>
    private DenialEvidence CollectDenial(MessageSections authority, DomainName name, ZoneTrust zone, WorkBudget budget) =>
        DenialEvidence.Collect(authority, name, zone.Zone, _validatorOptions, (rrset, rrsigs) => _authenticator.Check(rrset, rrsigs, zone.Zone, zone.Keys, budget));

    /// <summary>
    /// RFC 8198 §5.1: a Secure NXDOMAIN or NODATA for <paramref name="name"/>/<paramref name="type"/> proven by cached,
    /// validated NSEC/NSEC3 records (of the zone that holds the name; for DS, of the parent), or null. Opt-out spans and
    /// anything not Secure are never used (RFC 8198 §4, §5.2); names below a negative trust anchor are not synthesised.
    /// </summary>
    private Synthesis? SynthesizeDenial(DomainName name, RecordType type)
    {
        DomainName owner = type == RecordType.DS && !name.IsRoot ? name.Parent() : name;
        if (_nsecCache is null || type is RecordType.RRSIG or RecordType.NSEC or RecordType.NSEC3 || _anchors.IsUnderNegativeAnchor(name, out _)
            || !_nsecCache.TryGetRelevant(name, owner, _validatorOptions, out DomainName? zone, out List<ResourceRecord> records, out uint ttl))
        {
            return null;
        }

        var data = records.Where(r => r.Data is not RrsigRdata).ToList();
        ResponseCode rcode;
        DenialProof proof = DenialOfExistence.ProveNameError(name, data, zone!, _validatorOptions);
        if (proof.Status == DnssecStatus.Secure)
        {
            rcode = ResponseCode.NXDomain;
        }
        else
        {
            proof = DenialOfExistence.ProveNoData(name, type, data, zone!, _validatorOptions);
            if (proof.Status != DnssecStatus.Secure)
            {
                return SynthesizeFromWildcard(name, type, zone!, data, ttl);
            }

            rcode = ResponseCode.NoError;
        }

        var step = new ChainStep
        {
            Kind = ChainStepKind.Denial, Zone = zone!, Owner = name, Type = type, Status = DnssecStatus.Secure, Records = [.. data],
            Detail = $"{(rcode == ResponseCode.NXDomain ? "the name does not exist" : "the type does not exist")}: synthesised from cached validated NSEC/NSEC3 records (RFC 8198)",
        };
        return new Synthesis(rcode, ttl, step, records, null);
    }

    /// <summary>
    /// RFC 8198 §5.3: a Secure positive answer for <paramref name="name"/>/<paramref name="type"/> expanded from a cached,
    /// validated wildcard RRset (the type itself, else a CNAME, RFC 4592 §4.3) when the cached NSEC/NSEC3 records
    /// <paramref name="denial"/> prove the expansion as a response's authority section would (RFC 4035 §5.3.4, RFC 5155
    /// §8.8: the name does not exist and nothing closer than the wildcard's parent does; an opt-out span proves nothing).
    /// The wildcard nearest the name is tried first. The TTL is the shortest of the wildcard RRset's and the denial
    /// records' remaining lifetimes (RFC 8198 §5.4). Null when no cached wildcard fits.
    /// </summary>
    private Synthesis? SynthesizeFromWildcard(DomainName name, RecordType type, DomainName zone, List<ResourceRecord> denial, uint denialTtl)
    {
        // DS lives at the parent, DNAME and NS owners at a wildcard are undefined or special (RFC 4592 §4.2, §4.4); a query
        // for the wildcard name itself is no expansion; ANY is never synthesised.
        if (_nsecCache is null || name.IsWildcard || type is RecordType.DS or RecordType.DNAME or RecordType.NS or RecordType.SOA or (RecordType)255)
        {
            return null;
        }

        for (int labels = name.LabelCount - 1; labels >= zone.LabelCount; labels--)
        {
            DomainName wildcard = name.GetAncestor(labels).Prepend("*"u8);
            if (!_nsecCache.TryGetWildcard(zone, wildcard, type, out ResourceRecord[] cached, out uint wildcardTtl)
                && (type == RecordType.CNAME || !_nsecCache.TryGetWildcard(zone, wildcard, RecordType.CNAME, out cached, out wildcardTtl)))
            {
                continue;
            }

            DenialProof proof = DenialOfExistence.ProveWildcardAnswer(name, labels, denial, zone, _validatorOptions);
            if (proof.Status != DnssecStatus.Secure)
            {
                return null; // the nearest cached wildcard is the only one that can apply
            }

            uint ttl = Math.Min(denialTtl, wildcardTtl);
            ResourceRecord[] expanded = [.. cached.Select(r => new ResourceRecord(name, r.Class, ttl, r.Data))];
            var answer = RRSet.Group(expanded.Where(r => r.Data is not RrsigRdata)).Single();
            var step = new ChainStep
            {
                Kind = ChainStepKind.Denial, Zone = zone, Owner = name, Type = answer.Type, Status = DnssecStatus.Secure, Records = [.. answer.Records, .. denial],
                Detail = $"expanded from the cached wildcard {wildcard} {answer.Type}; the cached validated NSEC/NSEC3 records prove the name absent (RFC 8198 §5.3)",
            };
            return new Synthesis(ResponseCode.NoError, ttl, step, [.. expanded], answer);
        }

        return null;
    }

    private async ValueTask<(DnssecStatus Status, ValidationFailure? Failure, RrsetCheck? Check, ZoneTrust? Zone)> CheckRrsetAsync(RRSet rrset, IReadOnlyList<RrsigRdata> rrsigs, WorkBudget budget, List<ChainStep> trace, CancellationToken cancellationToken)
    {
        if (rrsigs.Count == 0)
        {
            // Stripped or unsigned: Insecure only when the chain proves the owner is below an unsigned delegation.
            ZoneTrust keys = await _chain.GetKeysAsync(rrset.Name, stopAtZone: false, budget, trace, cancellationToken).ConfigureAwait(false);
            if (keys.Status == DnssecStatus.Secure)
            {
                var missing = ValidationFailure.Create(ValidationFailureKind.MissingSignature, rrset.Name, rrset.Type, $"{keys.Zone} is signed");
                trace.Add(RrsetStep(rrset, keys.Zone, DnssecStatus.Bogus, null, missing.ToString()));
                return (DnssecStatus.Bogus, missing, null, keys);
            }

            trace.Add(RrsetStep(rrset, keys.Zone, keys.Status, null, keys.Failure?.ToString()));
            return (keys.Status, keys.Failure, null, keys);
        }

        DomainName signer = rrsigs[0].SignerName;
        if (!rrset.Name.IsSubdomainOf(signer))
        {
            var malformed = ValidationFailure.Create(ValidationFailureKind.SignatureMalformed, rrset.Name, rrset.Type, $"signer {signer} is not an ancestor of the owner");
            return (DnssecStatus.Bogus, malformed, null, null);
        }

        ZoneTrust zone = await _chain.GetKeysAsync(signer, stopAtZone: true, budget, trace, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DnssecStatus.Secure)
        {
            trace.Add(RrsetStep(rrset, signer, zone.Status, null, zone.Failure?.ToString()));
            return (zone.Status, zone.Failure, null, zone);
        }

        RrsetCheck check = _authenticator.Check(rrset, rrsigs, zone.Zone, zone.Keys, budget);
        trace.Add(RrsetStep(rrset, zone.Zone, check.Status, check.Rrsig, check.Failure?.ToString()));
        return (check.Status, check.Failure, check, zone);
    }

    private ChainStep RrsetStep(RRSet rrset, DomainName zone, DnssecStatus status, RrsigRdata? rrsig, string? detail) => new()
    {
        Kind = ChainStepKind.Rrset, Zone = zone, Owner = rrset.Name, Type = rrset.Type, Status = status, Records = rrset.Records, Detail = detail,
        KeyTags = rrsig is null ? [] : [rrsig.KeyTag], Algorithms = rrsig is null ? [] : [rrsig.Algorithm],
        SignatureWindow = rrsig is null ? null : (RrsetAuthenticator.SerialTime(rrsig.SignatureInception, _time.GetUtcNow()), RrsetAuthenticator.SerialTime(rrsig.SignatureExpiration, _time.GetUtcNow())),
    };

    /// <summary>
    /// RFC 6672 §2.2 / §3.3: the CNAME synthesised from a validated DNAME for <paramref name="current"/>. A CNAME the message
    /// carries for the same owner is unsigned; it is dropped when it disagrees with the substitution (as Unbound's scrubber
    /// does): the synthesised one, derived from signed data, is the answer. Null (and Bogus) when the substitution is too long.
    /// </summary>
    private static DomainName? SynthesizeFromDname(DomainName current, RRSet dname, MessageSections answer, Outcome outcome, List<ChainStep> trace)
    {
        var dnameData = (DnameRdata)dname.Data[0];
        DomainName synthesized;
        try
        {
            synthesized = Substitute(current, dname.Name, dnameData.Target);
        }
        catch (Wire.DnsFormatException)
        {
            // RFC 6672 §2.2: a substitution longer than 255 octets is YXDOMAIN; a signed DNAME cannot lead anywhere.
            outcome.Add(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.InvalidDenial, current, RecordType.DNAME, "the DNAME substitution is too long"));
            return null;
        }

        if (answer.Find(current, RecordType.CNAME) is { } cname && ((CnameRdata)cname.Data[0]).CanonicalName != synthesized)
        {
            trace.Add(new ChainStep
            {
                Kind = ChainStepKind.Rrset, Zone = dname.Name, Owner = current, Type = RecordType.CNAME, Status = DnssecStatus.Bogus, Records = cname.Records,
                Detail = $"unsigned CNAME disagrees with the DNAME {dname.Name} → {dnameData.Target}; replaced by the synthesised CNAME to {synthesized}",
            });
        }

        outcome.Records.Add(new ResourceRecord(current, dname.Class, dname.Ttl, new CnameRdata(synthesized)));
        return synthesized;
    }

    private static RRSet? FindDname(MessageSections answer, DomainName name)
    {
        foreach (RRSet rrset in answer.RrSets)
        {
            if (rrset.Type == RecordType.DNAME && name.IsStrictSubdomainOf(rrset.Name))
            {
                return rrset;
            }
        }

        return null;
    }

    /// <summary>RFC 6672 §2.2: replace the DNAME owner suffix of <paramref name="name"/> with the target.</summary>
    private static DomainName Substitute(DomainName name, DomainName owner, DomainName target)
    {
        DomainName result = target;
        for (int i = name.LabelCount - owner.LabelCount - 1; i >= 0; i--)
        {
            result = result.Prepend(name.GetLabel(i));
        }

        return result;
    }

    private static DomainName? Loop(Outcome outcome, DomainName name)
    {
        outcome.Add(DnssecStatus.Bogus, ValidationFailure.Create(ValidationFailureKind.InvalidDenial, name, RecordType.CNAME, "CNAME/DNAME loop"));
        return null;
    }

    /// <summary>An answer made from the RFC 8198 cache: a denial (<paramref name="Answer"/> null, <paramref name="Records"/>
    /// the NSEC/NSEC3 records with their RRSIGs) or a wildcard expansion (<paramref name="Answer"/> the expanded RRset,
    /// <paramref name="Records"/> it with its RRSIG).</summary>
    private sealed record Synthesis(ResponseCode Rcode, uint Ttl, ChainStep Step, List<ResourceRecord> Records, RRSet? Answer);

    /// <summary>The verdict being built for one lookup: the worst status wins (Bogus, Indeterminate, Insecure, Secure).</summary>
    /// <summary>The names a lookup's chain went through: the first (usually the only one) without a hash set.</summary>
    private sealed class VisitedNames
    {
        private DomainName? _first;
        private HashSet<DomainName>? _more;

        public void Add(DomainName name)
        {
            if (_first is null)
            {
                _first = name;
            }
            else if (!_first.Equals(name))
            {
                (_more ??= []).Add(name);
            }
        }

        public bool Contains(DomainName name) => (_first is not null && _first.Equals(name)) || (_more is not null && _more.Contains(name));
    }

    private sealed class Outcome
    {
        public DnssecStatus Status { get; private set; } = DnssecStatus.Secure;

        public ValidationFailure? Failure { get; private set; }

        public uint Ttl { get; private set; } = uint.MaxValue;

        public ResponseCode ResponseCode { get; set; }

        public DomainName? CanonicalName { get; set; }

        public List<ResourceRecord> Records { get; } = [];

        public VisitedNames Visited { get; } = new();

        public void Add(DnssecStatus status, ValidationFailure? failure, uint ttl = uint.MaxValue)
        {
            Ttl = Math.Min(Ttl, ttl);
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

        private static int Rank(DnssecStatus status) => status switch
        {
            DnssecStatus.Secure => 0,
            DnssecStatus.Insecure => 1,
            DnssecStatus.Indeterminate => 2,
            _ => 3,
        };
    }

    /// <summary>Counts the upstream queries of the resolver.</summary>
    private sealed class CountingSource(IDnssecDataSource inner, ValidatingResolver owner) : IDnssecDataSource
    {
        public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
        {
            if (question.Type == RecordType.DS && owner.SynthesizeDenial(question.Name, RecordType.DS) is { Answer: null } denial)
            {
                // RFC 8198 §5.1 while building the chain: "no DS here" from cached records; the chain checks them again.
                return ValueTask.FromResult(DataSourceResponse.FromMessage(new DnsMessage
                {
                    IsResponse = true, AuthoritativeAnswer = true, ResponseCode = denial.Rcode, Questions = [question], Authorities = [.. denial.Records],
                }));
            }

            Interlocked.Increment(ref owner._upstreamQueries);
            return Transport.EventLoop.LoopEscape.Query(inner, question, cancellationToken); // ours inline, a user's off the loop thread
        }
    }
}
