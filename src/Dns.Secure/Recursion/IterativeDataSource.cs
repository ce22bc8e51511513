using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using DnsSecure.Caching;
using DnsSecure.Diagnostics;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSecure.Recursion;

/// <summary>
/// Recursive mode: answers the validator's questions by iterating from the root (RFC 1034 §5.3.3) instead of asking a
/// recursive server. Each question starts at the deepest cached delegation above it (the root hints when there is none),
/// follows referrals down to the zone that holds the name and returns that zone's authoritative response, with DNSSEC
/// records (DO=1). DS questions are asked of the parent side of the cut (RFC 4035 §3.1.4.1).
/// <para>Glossary: a <i>referral</i> is a non-authoritative response whose authority section names the servers of a
/// child zone (NS) and, when those names are inside the child, their addresses (<i>glue</i>); a server's
/// <i>bailiwick</i> is the zone it was asked as a server of; records outside it are ignored (RFC 2181 §5.4.1). A
/// <i>lame</i> server is one listed for a zone that does not answer for it authoritatively.</para>
/// <list type="bullet">
/// <item>Glue is used only within the referring zone's bailiwick; other name-server names are resolved separately, a
/// bounded number per question (NXNS, CVE-2020-12662).</item>
/// <item>Lame or unreachable servers (REFUSED, SERVFAIL, not authoritative, referral upwards or sideways, timeouts) are
/// skipped. Servers are chosen as Unbound does: a smoothed round-trip time per address, shared by all lookups (bounded,
/// expiring); servers within <see cref="IterativeResolverOptions.ServerSelectionBand"/> of the fastest are picked at
/// random; a server that timed out is backed off (tried last), and probed again when the back-off ends.</item>
/// <item>When a server's data fails validation, the resolver retries the lookup; that server is then tried last for its
/// zone (<see cref="IterativeResolverOptions.DistrustedServerHoldDown"/>), so the zone's other servers are asked.</item>
/// <item>Name-server addresses that are not unicast addresses a resolver may query (unspecified, multicast, broadcast,
/// reserved, link-local; loopback unless the root hints themselves are loopback) are never queried.</item>
/// <item>CNAME and DNAME chains are not followed here: the validator asks for the target itself, so nothing is followed
/// twice.</item>
/// <item>Delegations, name-server addresses and answers are cached per TTL; every limit fails closed.</item>
/// </list>
/// </summary>
public sealed class IterativeDataSource : IDnssecDataSource
{
    private static readonly RecordType[] s_addressTypes = [RecordType.A, RecordType.AAAA];
    private readonly RootHints _hints;
    private readonly IAuthoritativeChannel _channel;
    private readonly IterativeResolverSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DomainName, Delegation> _delegations = new();
    private readonly ConcurrentDictionary<DomainName, (ImmutableArray<IPAddress> Addresses, DateTimeOffset Expires)> _addresses = new();
    private readonly ConcurrentDictionary<(DomainName, RecordType), (DnsMessage Message, DateTimeOffset Expires)> _answers = new();
    private readonly ConcurrentDictionary<(IPEndPoint Server, DomainName Zone), DateTimeOffset> _distrusted = new();
    private readonly ConditionalWeakTable<DnsMessage, Origin> _origins = new();
    private readonly ServerInfrastructureCache _infrastructure;
    private readonly bool _loopbackAllowed;
    private long _queries;

    // The messages returned to the validator during one validation attempt (set by the resolver that retries).
    private static readonly AsyncLocal<AttemptLog?> s_attempt = new();

    /// <summary>Creates a source that iterates from <paramref name="hints"/> over <paramref name="channel"/>.</summary>
    /// <param name="hints">The root servers (<see cref="RootHints.Iana"/>, or a private root in tests).</param>
    /// <param name="channel">Sends one query to one server (<see cref="NetworkAuthoritativeChannel"/> in production).</param>
    /// <param name="options">Limits and switches; validated and copied now.</param>
    /// <param name="timeProvider">Clock for cache lifetimes; the system clock when null.</param>
    /// <param name="logger">Where referrals, lame servers and failures are logged (Debug); nowhere when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public IterativeDataSource(RootHints hints, IAuthoritativeChannel channel, IterativeResolverOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(hints);
        ArgumentNullException.ThrowIfNull(channel);
        _hints = hints;
        _channel = channel;
        _settings = (options ?? new IterativeResolverOptions()).ToSettings();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _infrastructure = new ServerInfrastructureCache(_time, TimeSpan.Zero, _settings.QueryTimeout * 8, _settings.MaxCacheEntries);
        // Loopback name servers exist only in private test roots: allowed exactly when the root itself is on loopback.
        _loopbackAllowed = hints.EndPoints.All(e => IPAddress.IsLoopback(e.Address));
    }

    /// <summary>Retries after a validation failure that one lookup may make (<see cref="IterativeResolverOptions.MaxValidationRetries"/>).</summary>
    internal int MaxValidationRetries => _settings.MaxValidationRetries;

    /// <summary>The per-server round-trip and back-off state (for tests).</summary>
    internal ServerInfrastructureCache Infrastructure => _infrastructure;

    /// <summary>Queries sent to authoritative servers since creation.</summary>
    public long QueriesSent => Interlocked.Read(ref _queries);

    /// <summary>Drops every cached delegation, address and answer, and what was learnt about servers (round-trip
    /// times, back-offs, servers distrusted after a validation failure).</summary>
    public void ClearCache()
    {
        _delegations.Clear();
        _addresses.Clear();
        _answers.Clear();
        _distrusted.Clear();
        _infrastructure.Clear();
    }

    /// <summary>Starts recording the messages this source returns in the current asynchronous flow (one validation attempt).</summary>
    internal static AttemptLog BeginAttempt()
    {
        var log = new AttemptLog();
        s_attempt.Value = log;
        return log;
    }

    /// <summary>
    /// After a validation failure: finds the message the failure is about among those returned during the attempt (or the
    /// cached answer), distrusts the server that sent it for its zone, and drops what that server's answers put in the
    /// cache. Returns the zone whose data is to be fetched again, or null when the message is not known or no other server
    /// of the zone is left to ask.
    /// </summary>
    internal DomainName? Distrust(DnsQuestion question, ValidationFailure failure, AttemptLog log)
    {
        DnsMessage? culprit = FindCulprit(failure, log);
        if (culprit is null || !_origins.TryGetValue(culprit, out Origin? origin))
        {
            return null;
        }

        DateTimeOffset now = _time.GetUtcNow();
        MakeRoom(_distrusted, static until => until);
        _distrusted[(origin.Server, origin.Zone)] = now + _settings.DistrustedServerHoldDown;
        foreach (var (key, value) in _answers)
        {
            if (_origins.TryGetValue(value.Message, out Origin? from) && from.Server.Equals(origin.Server) && from.Zone == origin.Zone)
            {
                _answers.TryRemove(new(key, value));
            }
        }

        Log.ServerDistrusted(_logger, question, failure, origin.Server, origin.Zone, _settings.DistrustedServerHoldDown);
        Delegation zone = origin.Zone.IsRoot ? RootDelegation() : _delegations.TryGetValue(origin.Zone, out Delegation? d) ? d : RootDelegation();
        if (zone.Zone != origin.Zone)
        {
            return null;
        }

        var (preferred, _) = KnownServers(zone);
        bool unresolvedNames = zone.EndPoints.IsEmpty && zone.NameServers.Any(n => !_addresses.ContainsKey(n));
        return preferred.Count > 0 || unresolvedNames ? origin.Zone : null;
    }

    /// <summary>The message a validation failure is about: the latest one asking for the failed RRset, else the latest one
    /// carrying it (or its RRSIGs), else the cached answer for it.</summary>
    private DnsMessage? FindCulprit(ValidationFailure failure, AttemptLog log)
    {
        DnsMessage[] messages = log.Snapshot();
        for (int i = messages.Length - 1; i >= 0; i--)
        {
            if (messages[i].Questions is [var q] && q.Name == failure.Owner && q.Type == failure.RecordType)
            {
                return messages[i];
            }
        }

        for (int i = messages.Length - 1; i >= 0; i--)
        {
            DnsMessage m = messages[i];
            if (m.Answers.Concat(m.Authorities).Any(r => r.Name == failure.Owner
                && (r.Type == failure.RecordType || (r.Data is RrsigRdata sig && sig.TypeCovered == failure.RecordType))))
            {
                return m;
            }
        }

        return _answers.TryGetValue((failure.Owner, failure.RecordType), out var cached) ? cached.Message : null;
    }

    /// <inheritdoc/>
    public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default) =>
        Transport.EventLoop.LoopEscape.Leave(QueryOnLoopAsync(question, cancellationToken), continueOnThreadPool: false); // the caller may resume on the UDP loop thread (LoopEscape)

    /// <summary>The query for library callers: may complete on a UDP loop thread (they continue there, inline).</summary>
    internal async ValueTask<DataSourceResponse> QueryOnLoopAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question.Name, nameof(question));
        var lookup = new Lookup();
        (DnsMessage? message, string? failure) = await ResolveAsync(question, lookup, nesting: 0, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            Log.IterationFailed(_logger, question, failure!);
            return DataSourceResponse.Failed(failure!);
        }

        s_attempt.Value?.Add(message);
        return DataSourceResponse.FromMessage(message);
    }

    /// <summary>The authoritative response for <paramref name="question"/>, from the cache or by iterating.</summary>
    private async ValueTask<(DnsMessage? Message, string? Failure)> ResolveAsync(DnsQuestion question, Lookup lookup, int nesting, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var key = (question.Name, question.Type);
        if (_answers.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return (cached.Message, null);
        }

        (DnsMessage? message, string? failure) = await IterateAsync(question, lookup, nesting, cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            uint ttl = AnswerTtl(message);
            if (ttl > 0)
            {
                MakeRoom(_answers, static entry => entry.Expires);
                _answers[key] = (message, now + TimeSpan.FromSeconds(ttl));
            }
        }

        return (message, failure);
    }

    private async ValueTask<(DnsMessage? Message, string? Failure)> IterateAsync(DnsQuestion question, Lookup lookup, int nesting, CancellationToken cancellationToken)
    {
        DomainName qname = question.Name;

        // RFC 4035 §3.1.4.1: DS lives on the parent side of a cut, so iteration never descends into the DS owner's zone.
        DomainName target = question.Type == RecordType.DS && !qname.IsRoot ? qname.Parent() : qname;
        Delegation zone = ClosestDelegation(target);
        bool minimise = _settings.QnameMinimisation;
        int revealed = zone.Zone.LabelCount;
        int minimisedQueries = 0;
        for (int referrals = 0; ;)
        {
            // RFC 9156 §3: ask the zone only for the next label below what is known, with QTYPE A, up to MAX_MINIMISE_COUNT.
            DnsQuestion ask = question;
            bool minimised = false;
            if (minimise && minimisedQueries < _settings.MaxMinimisedQueries)
            {
                int labels = Math.Max(revealed, zone.Zone.LabelCount) + 1;
                if (labels < qname.LabelCount)
                {
                    ask = new DnsQuestion(qname.GetAncestor(labels), RecordType.A, question.Class);
                    minimised = true;
                    minimisedQueries++;
                }
            }

            ZoneReply reply = await AskZoneAsync(zone, ask, target, lookup, nesting, cancellationToken).ConfigureAwait(false);
            switch (reply.Kind)
            {
                case ReplyKind.Failed when minimised:
                    // RFC 9156 §3 (Unbound's default, non-strict mode): a zone that cannot answer the minimised query gets the
                    // full question instead, which is still bounded by the same query budget.
                    minimise = false;
                    continue;
                case ReplyKind.Failed:
                    return (null, reply.Failure);
                case ReplyKind.Referral:
                    if (++referrals > _settings.MaxReferralDepth)
                    {
                        return (null, $"more than {_settings.MaxReferralDepth} referrals for {question.Name}/{question.Type}");
                    }

                    zone = reply.Child!;
                    continue;
                case ReplyKind.Answer when minimised:
                    if (reply.Message!.ResponseCode == ResponseCode.NXDomain
                        || reply.Message.Answers.Any(r => r.Type is RecordType.CNAME or RecordType.DNAME))
                    {
                        // RFC 9156 §2.3 allows stopping: the full question gets the full (provable) answer.
                        minimise = false;
                    }
                    else
                    {
                        revealed = ask.Name.LabelCount; // no cut at this name: reveal one more label to the same zone
                    }

                    continue;
                default:
                    return (reply.Message, null);
            }
        }
    }

    /// <summary>Asks the servers of <paramref name="zone"/> in turn until one gives a usable answer or referral.</summary>
    private async ValueTask<ZoneReply> AskZoneAsync(Delegation zone, DnsQuestion ask, DomainName target, Lookup lookup, int nesting, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var tried = new HashSet<IPEndPoint>();
        int attempts = 0;

        // An answer without AA is taken only when no server of the zone answers authoritatively (Unbound and Knot take them).
        var unauthoritative = new List<DnsMessage>(1);
        ZoneReply Done() => unauthoritative.Count > 0 ? ZoneReply.Answered(unauthoritative[0]) : ZoneReply.Fail(Describe(zone, ask, lookup, reasons));

        // First the servers whose addresses are known (glue, cache, hints), then names resolved one at a time, then the
        // servers distrusted for this zone after their data failed validation.
        var (preferred, distrusted) = KnownServers(zone);
        foreach (IPEndPoint server in preferred)
        {
            tried.Add(server);
            ZoneReply? reply = await TryServerAsync(server, zone, ask, target, lookup, reasons, unauthoritative, cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                return reply;
            }

            if (++attempts >= _settings.MaxNameServerAddressesPerZone || lookup.Exhausted(_settings))
            {
                return Done();
            }
        }

        foreach (DomainName name in zone.EndPoints.IsEmpty ? zone.NameServers : [])
        {
            if (lookup.Exhausted(_settings))
            {
                break;
            }

            if (!NeedsResolution(name, zone, lookup, out string? skip))
            {
                if (skip is not null)
                {
                    reasons.Add(skip);
                }

                continue;
            }

            if (lookup.NamesResolved >= _settings.MaxNameServerNamesResolved || nesting >= _settings.MaxNameServerResolutionDepth)
            {
                reasons.Add($"name-server name limit reached ({_settings.MaxNameServerNamesResolved} names, depth {_settings.MaxNameServerResolutionDepth}) before {name}");
                break;
            }

            lookup.NamesResolved++;
            ImmutableArray<IPAddress> addresses = await ResolveNameServerAsync(name, ask, lookup, nesting, cancellationToken).ConfigureAwait(false);
            var found = addresses.Select(a => new IPEndPoint(a, _settings.ServerPort)).Where(e => !tried.Contains(e)).ToList();
            foreach (IPEndPoint server in _infrastructure.Select(found, _settings.ServerSelectionBand, Random.Shared))
            {
                if (IsDistrusted(server, zone.Zone, _time.GetUtcNow()))
                {
                    distrusted.Add(server);
                    continue;
                }

                tried.Add(server);
                ZoneReply? reply = await TryServerAsync(server, zone, ask, target, lookup, reasons, unauthoritative, cancellationToken).ConfigureAwait(false);
                if (reply is not null)
                {
                    return reply;
                }

                if (++attempts >= _settings.MaxNameServerAddressesPerZone || lookup.Exhausted(_settings))
                {
                    return Done();
                }
            }
        }

        foreach (IPEndPoint server in distrusted)
        {
            if (!tried.Add(server))
            {
                continue;
            }

            ZoneReply? reply = await TryServerAsync(server, zone, ask, target, lookup, reasons, unauthoritative, cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                return reply;
            }

            if (++attempts >= _settings.MaxNameServerAddressesPerZone || lookup.Exhausted(_settings))
            {
                return Done();
            }
        }

        return Done();
    }

    /// <summary>One query to one server, judged: an answer, a referral, or null (lame, unreachable: try the next).</summary>
    private async ValueTask<ZoneReply?> TryServerAsync(IPEndPoint server, Delegation zone, DnsQuestion ask, DomainName target, Lookup lookup, List<string> reasons, List<DnsMessage> unauthoritative, CancellationToken cancellationToken)
    {
        if (lookup.Exhausted(_settings))
        {
            reasons.Add($"query limit ({_settings.MaxQueriesPerLookup}) reached");
            return null;
        }

        lookup.Queries++;
        Interlocked.Increment(ref _queries);
        DnsQuestion sent = _settings.RandomizeCase ? ask with { Name = RandomizeCase(ask.Name) } : ask;
        DnsMessage query = DnsMessage.CreateQuery(0, sent, recursionDesired: false, dnssecOk: true);
        long started = _time.GetTimestamp();
        DataSourceResponse response = await Transport.EventLoop.LoopEscape.Exchange(_channel, query, server, cancellationToken).ConfigureAwait(false);
        if (!response.HasMessage)
        {
            // Unbound's infra cache: the server's RTT estimate is penalised and it is backed off, then probed again.
            _infrastructure.RecordFailure(server, _settings.QueryTimeout, _settings.UnresponsiveServerHoldDown);
            return Lame(response.Failure ?? "no answer");
        }

        _infrastructure.RecordRtt(server, _time.GetElapsedTime(started));
        DnsMessage message = response.Message;
        if (message.Questions.Length != 1 || !message.Questions[0].Name.Equals(ask.Name) || message.Questions[0].Type != ask.Type)
        {
            return Lame($"answered {(message.Questions.Length == 1 ? message.Questions[0].ToString() : "no question")} with {message.ResponseCode}");
        }

        if (_settings.RandomizeCase && !message.Questions[0].Name.WireForm.SequenceEqual(sent.Name.WireForm))
        {
            // draft-vixie-dnsext-dns0x20: a reply that does not echo the exact case did not see our query.
            return Lame($"the reply's question {message.Questions[0].Name} does not echo the case of {sent.Name}");
        }

        if (message.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain))
        {
            return Lame($"answered {message.ResponseCode}");
        }

        // RFC 2181 §5.4.1: nothing outside the zone the server was asked about is believed.
        message = Sanitize(message, zone.Zone) with { Questions = [ask] };
        DomainName? child = FindReferral(message, zone.Zone);
        if (child is not null)
        {
            if (!child.IsStrictSubdomainOf(zone.Zone) || (!target.IsSubdomainOf(child) && !ask.Name.IsSubdomainOf(child)))
            {
                return Lame($"referral to {child}, which is not below {zone.Zone} towards {target}");
            }

            if (ask.Type == RecordType.DS && ask.Name == child)
            {
                // RFC 4035 §3.1.4.1: the parent answers DS itself; a referral to the DS owner is a broken parent,
                // unless the referral carries the DS RRset (RFC 4035 §3.1.4), which is then the parent's answer.
                return Remember(child, message, new Origin(zone.Zone, server)) is not null && _answers.TryGetValue((child, RecordType.DS), out var fromReferral)
                    ? ZoneReply.Answered(fromReferral.Message) : Lame($"referral to {child} for its own DS");
            }

            Delegation delegation = Remember(child, message, new Origin(zone.Zone, server));
            Log.Referral(_logger, ask, server, zone.Zone, child);
            return ZoneReply.Referred(delegation);
        }

        if (!message.AuthoritativeAnswer)
        {
            if (!message.Answers.IsEmpty || message.ResponseCode == ResponseCode.NXDomain || message.Authorities.Any(r => r.Type == RecordType.SOA))
            {
                _origins.AddOrUpdate(message, new Origin(zone.Zone, server));
                unauthoritative.Add(message);
            }

            return Lame("not authoritative");
        }

        _origins.AddOrUpdate(message, new Origin(zone.Zone, server));
        return ZoneReply.Answered(message);

        ZoneReply? Lame(string reason)
        {
            reasons.Add($"{server}: {reason}");
            Log.LameServer(_logger, ask, server, zone.Zone, reason);
            return null;
        }
    }

    /// <summary>
    /// The child zone a response refers to: NS records in the authority section, no answer, no SOA. The AA bit should be
    /// clear (RFC 1034 §4.3.2), but some servers set it on referrals; like Unbound, NS records for a name strictly below
    /// the zone asked are a referral either way (an authoritative negative answer carries the zone's SOA instead).
    /// </summary>
    private static DomainName? FindReferral(DnsMessage message, DomainName zone)
    {
        if (message.ResponseCode != ResponseCode.NoError || message.Answers.Length != 0
            || message.Authorities.Any(r => r.Type == RecordType.SOA))
        {
            return null;
        }

        // An AA bit does not turn an NS set for a child zone into an answer (some servers set it on referrals; Unbound and
        // Knot follow them); with AA, only the zone's own NS set is not a referral.
        ResourceRecord? ns = message.Authorities.FirstOrDefault(r => r.Type == RecordType.NS);
        return ns is null || (message.AuthoritativeAnswer && !ns.Name.IsStrictSubdomainOf(zone)) ? null : ns.Name;
    }

    /// <summary>Caches the child's NS names and the glue inside the referring zone's bailiwick (RFC 2181 §5.4.1).</summary>
    private Delegation Remember(DomainName child, DnsMessage referral, Origin origin)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var nsRecords = referral.Authorities.Where(r => r.Type == RecordType.NS && r.Name == child).ToList();
        ImmutableArray<DomainName> names = [.. nsRecords.Select(r => ((NsRdata)r.Data).NameServer).Distinct()];
        uint ttl = Math.Min(nsRecords.Min(r => r.Ttl), _settings.MaxCacheTtl);
        foreach (DomainName name in names)
        {
            // Sanitize already removed records outside the referring zone; only addresses of the listed names are glue.
            ImmutableArray<IPAddress> glue = [.. referral.Additionals.Where(r => r.Name == name).Select(AddressOf).OfType<IPAddress>().Where(a => MayQuery(a, name, referral.Questions.Length == 1 ? referral.Questions[0] : null))];
            if (!glue.IsEmpty)
            {
                uint glueTtl = Math.Min(referral.Additionals.Where(r => r.Name == name && AddressOf(r) is not null).Min(r => r.Ttl), _settings.MaxCacheTtl);
                MakeRoom(_addresses, static entry => entry.Expires);
                _addresses[name] = (glue, now + TimeSpan.FromSeconds(glueTtl));
            }
        }

        // RFC 4035 §3.1.4: a signed referral carries the child's DS RRset and its RRSIGs from the parent zone; keep them as
        // the parent's DS answer, as Unbound and Knot Resolver do (the validator checks them like any DS answer).
        var ds = referral.Authorities.Where(r => r.Name == child && (r.Type == RecordType.DS || (r.Data is RrsigRdata sig && sig.TypeCovered == RecordType.DS))).ToList();
        if (ds.Any(r => r.Type == RecordType.DS))
        {
            MakeRoom(_answers, static entry => entry.Expires);
            DnsMessage dsAnswer = referral with { AuthoritativeAnswer = true, Questions = [new DnsQuestion(child, RecordType.DS)], Answers = [.. ds], Authorities = [], Additionals = [] };
            _origins.AddOrUpdate(dsAnswer, origin);
            _answers[(child, RecordType.DS)] = (dsAnswer, now + TimeSpan.FromSeconds(Math.Min(ds.Min(r => r.Ttl), _settings.MaxCacheTtl)));
        }

        else if (referral.Authorities.Any(r => r.Type is RecordType.NSEC or RecordType.NSEC3))
        {
            // RFC 4035 §3.1.4.1 / §5.2: a signed referral without DS carries the NSEC/NSEC3 proof that there is none; keep it
            // as the parent's (negative) DS answer so the chain needs no DS query. The validator checks it like any denial.
            var proof = referral.Authorities.Where(r => r.Type is RecordType.NSEC or RecordType.NSEC3
                || (r.Data is RrsigRdata sig && sig.TypeCovered is RecordType.NSEC or RecordType.NSEC3)).ToList();
            MakeRoom(_answers, static entry => entry.Expires);
            _answers[(child, RecordType.DS)] = (referral with { AuthoritativeAnswer = true, Questions = [new DnsQuestion(child, RecordType.DS)], Answers = [], Authorities = [.. proof], Additionals = [] },
                now + TimeSpan.FromSeconds(Math.Min(proof.Min(r => r.Ttl), _settings.MaxCacheTtl)));
        }

        var delegation = new Delegation(child, names, [], now + TimeSpan.FromSeconds(ttl));
        if (ttl > 0)
        {
            MakeRoom(_delegations, static delegation => delegation.Expires);
            _delegations[child] = delegation;
        }

        return delegation;
    }

    /// <summary>The deepest unexpired cached delegation at or above <paramref name="name"/>; the root hints otherwise.</summary>
    private Delegation ClosestDelegation(DomainName name)
    {
        DateTimeOffset now = _time.GetUtcNow();
        for (int labels = name.LabelCount; labels > 0; labels--)
        {
            if (_delegations.TryGetValue(name.GetAncestor(labels), out Delegation? delegation) && delegation.Expires > now)
            {
                return delegation;
            }
        }

        return RootDelegation();
    }

    private Delegation RootDelegation() => new(DomainName.Root, _hints.Names, _hints.EndPoints, DateTimeOffset.MaxValue);

    /// <summary>
    /// The addresses known for the zone's servers in the order to try them (<see cref="ServerInfrastructureCache.Select"/>),
    /// and apart, those distrusted for this zone after their data failed validation.
    /// </summary>
    private (List<IPEndPoint> Preferred, List<IPEndPoint> Distrusted) KnownServers(Delegation zone)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var servers = new List<IPEndPoint>(zone.EndPoints);
        if (zone.EndPoints.IsEmpty)
        {
            foreach (DomainName name in zone.NameServers)
            {
                if (_addresses.TryGetValue(name, out var known) && known.Expires > now)
                {
                    servers.AddRange(known.Addresses.Select(a => new IPEndPoint(a, _settings.ServerPort)));
                }
            }
        }

        List<IPEndPoint> ordered = _infrastructure.Select([.. servers.Distinct()], _settings.ServerSelectionBand, Random.Shared);
        var distrusted = ordered.Where(s => IsDistrusted(s, zone.Zone, now)).ToList();
        ordered.RemoveAll(distrusted.Contains);
        return (ordered, distrusted);
    }

    private bool IsDistrusted(IPEndPoint server, DomainName zone, DateTimeOffset now) =>
        _distrusted.TryGetValue((server, zone), out DateTimeOffset until) && until > now;

    /// <summary>
    /// True when <paramref name="address"/> is a unicast address a resolver may send queries to. Unspecified, multicast,
    /// broadcast, reserved (240/4) and link-local addresses (RFC 6890; link-local ones need a scope a referral cannot carry)
    /// are refused, and loopback unless the root hints are on loopback (Unbound's <c>do-not-query-localhost</c>): a referral
    /// must not turn the resolver against the host it runs on.
    /// </summary>
    private bool MayQuery(IPAddress address, DomainName name, DnsQuestion? question)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        bool refused;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            refused = b[0] == 0 || b[0] >= 224 || (b[0] == 169 && b[1] == 254) || (b[0] == 127 && !_loopbackAllowed);
        }
        else
        {
            refused = address.Equals(IPAddress.IPv6None) || address.IsIPv6Multicast || address.IsIPv6LinkLocal
                || (address.Equals(IPAddress.IPv6Loopback) && !_loopbackAllowed);
        }

        if (refused)
        {
            Log.AddressRefused(_logger, question ?? new DnsQuestion(name, RecordType.A), address, name);
        }

        return !refused;
    }

    /// <summary>True when a name server's address must be looked up; false (with a reason) when it cannot or need not be.</summary>
    private bool NeedsResolution(DomainName name, Delegation zone, Lookup lookup, out string? skip)
    {
        skip = null;
        if (_addresses.TryGetValue(name, out var known) && known.Expires > _time.GetUtcNow())
        {
            return false; // already tried among the known servers
        }

        if (name.IsSubdomainOf(zone.Zone))
        {
            // Inside the zone it serves but without glue: only that zone's servers could say (RFC 1034 §4.2.2).
            skip = $"{name} is inside {zone.Zone} and came without glue";
            return false;
        }

        if (lookup.Resolving.Contains(name))
        {
            skip = $"{name} depends on itself";
            return false;
        }

        return true;
    }

    /// <summary>Resolves a name server's addresses (A, then AAAA) with the lookup's budget; unvalidated (only used to send queries).</summary>
    private async ValueTask<ImmutableArray<IPAddress>> ResolveNameServerAsync(DomainName name, DnsQuestion ask, Lookup lookup, int nesting, CancellationToken cancellationToken)
    {
        lookup.Resolving.Add(name);
        try
        {
            var addresses = new List<IPAddress>();
            uint ttl = _settings.MaxCacheTtl;
            foreach (RecordType type in s_addressTypes)
            {
                (DnsMessage? message, _) = await ResolveAsync(new DnsQuestion(name, type), lookup, nesting + 1, cancellationToken).ConfigureAwait(false);
                foreach (ResourceRecord record in message?.Answers ?? [])
                {
                    if (record.Name == name && AddressOf(record) is { } address && MayQuery(address, name, ask))
                    {
                        addresses.Add(address);
                        ttl = Math.Min(ttl, record.Ttl);
                    }
                }

                if (addresses.Count > 0 || lookup.Exhausted(_settings))
                {
                    break;
                }
            }

            if (addresses.Count > 0 && ttl > 0)
            {
                MakeRoom(_addresses, static entry => entry.Expires);
                _addresses[name] = ([.. addresses], _time.GetUtcNow() + TimeSpan.FromSeconds(ttl));
            }

            return [.. addresses];
        }
        finally
        {
            lookup.Resolving.Remove(name);
        }
    }

    /// <summary>The message without records whose owner is outside <paramref name="zone"/> (RFC 2181 §5.4.1).</summary>
    private static DnsMessage Sanitize(DnsMessage message, DomainName zone)
    {
        if (zone.IsRoot)
        {
            return message;
        }

        return message with
        {
            Answers = [.. message.Answers.Where(r => r.Name.IsSubdomainOf(zone))],
            Authorities = [.. message.Authorities.Where(r => r.Name.IsSubdomainOf(zone))],
            Additionals = [.. message.Additionals.Where(r => r.Name.IsSubdomainOf(zone))],
        };
    }

    /// <summary>How long an answer may be cached: its lowest TTL, and for a negative answer the SOA minimum (RFC 2308 §5).</summary>
    private uint AnswerTtl(DnsMessage message)
    {
        uint ttl = _settings.MaxCacheTtl;
        bool any = false;
        foreach (ResourceRecord record in message.Answers.Concat(message.Authorities))
        {
            any = true;
            ttl = Math.Min(ttl, record.Data is SoaRdata soa ? Math.Min(record.Ttl, soa.Minimum) : record.Ttl);
        }

        return any ? ttl : 0;
    }

    private static IPAddress? AddressOf(ResourceRecord record) => record.Data switch
    {
        ARdata a => a.Address,
        AaaaRdata aaaa => aaaa.Address,
        _ => null,
    };

    /// <summary>The name with each ASCII letter's case chosen at random (DNS 0x20).</summary>
    private static DomainName RandomizeCase(DomainName name)
    {
        byte[] wire = name.WireForm.ToArray();
        Span<byte> random = stackalloc byte[wire.Length];
        Transport.QueryRandom.Fill(random);
        int position = 0;
        while (wire[position] != 0)
        {
            int length = wire[position];
            for (int i = position + 1; i <= position + length; i++)
            {
                byte lower = (byte)(wire[i] | 0x20);
                if (lower is >= (byte)'a' and <= (byte)'z')
                {
                    wire[i] = (random[i] & 1) == 0 ? lower : (byte)(lower & ~0x20);
                }
            }

            position += length + 1;
        }

        return DomainName.FromWire(wire);
    }

    private string Describe(Delegation zone, DnsQuestion ask, Lookup lookup, List<string> reasons)
    {
        string detail = reasons.Count == 0 ? "no server address known" : string.Join("; ", reasons);
        if (lookup.Exhausted(_settings))
        {
            detail = $"query limit ({_settings.MaxQueriesPerLookup}) reached; {detail}";
        }

        return $"no server of {zone.Zone} answered {ask.Name}/{ask.Type} usefully after {lookup.Queries} queries: {detail}";
    }

    /// <summary>Before an insertion: a full map drops its expired entries, then those closest to expiry (<see cref="ExpiryEviction"/>).</summary>
    private void MakeRoom<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache, Func<TValue, DateTimeOffset> expiresOf)
        where TKey : notnull =>
        ExpiryEviction.MakeRoom(cache, _settings.MaxCacheEntries, _time.GetUtcNow(), expiresOf);

    /// <summary>A zone's servers: NS names (addresses in the address cache) or, for the root hints, fixed end points.</summary>
    private sealed record Delegation(DomainName Zone, ImmutableArray<DomainName> NameServers, ImmutableArray<IPEndPoint> EndPoints, DateTimeOffset Expires);

    private enum ReplyKind
    {
        Failed,
        Answer,
        Referral,
    }

    private sealed record ZoneReply(ReplyKind Kind, DnsMessage? Message, Delegation? Child, string? Failure)
    {
        public static ZoneReply Fail(string reason) => new(ReplyKind.Failed, null, null, reason);

        public static ZoneReply Answered(DnsMessage message) => new(ReplyKind.Answer, message, null, null);

        public static ZoneReply Referred(Delegation child) => new(ReplyKind.Referral, null, child, null);
    }

    /// <summary>Where a message came from: the server, and the zone it was asked as a server of.</summary>
    private sealed record Origin(DomainName Zone, IPEndPoint Server);

    /// <summary>The messages returned during one validation attempt, in order.</summary>
    internal sealed class AttemptLog
    {
        private readonly List<DnsMessage> _messages = [];

        public void Add(DnsMessage message)
        {
            lock (_messages)
            {
                _messages.Add(message);
            }
        }

        public DnsMessage[] Snapshot()
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The work of one question, name-server resolutions included.</summary>
    private sealed class Lookup
    {
        public int Queries { get; set; }

        public int NamesResolved { get; set; }

        public HashSet<DomainName> Resolving { get; } = [];

        public bool Exhausted(IterativeResolverSettings settings) => Queries >= settings.MaxQueriesPerLookup;
    }
}
