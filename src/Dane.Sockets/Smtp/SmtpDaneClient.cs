using System.Collections.Immutable;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DaneSockets.Smtp;

/// <summary>
/// Mail delivery over DANE (RFC 7672), as Postfix's "dane" security level does it. Glossary:
/// <list type="bullet">
/// <item><b>next-hop domain</b>: the recipient's mail domain, whose MX RRset is looked up (RFC 7672 §2.2.1).</item>
/// <item><b>MX host</b>: an exchange of that RRset, or the domain itself when it has no MX RRset (RFC 5321 §5.1); a null MX
/// (RFC 7505) means the domain takes no mail.</item>
/// <item><b>TLS level</b> (<see cref="SmtpTlsLevel"/>): per MX host, from the DNSSEC verdicts of the MX, address and
/// <c>_25._tcp</c> TLSA lookups — DANE-authenticated, mandatory unauthenticated TLS, opportunistic, or skip.</item>
/// </list>
/// <see cref="PlanAsync"/> does the DNS part only; <see cref="CheckAsync"/> also connects to every MX host (EHLO, STARTTLS, the
/// DANE handshake, EHLO again, QUIT) and reports each; <see cref="SendAsync"/> delivers a message through the first MX host
/// that satisfies its level. A DANE failure abandons the connection before MAIL FROM. Every outcome is a value.
/// </summary>
public sealed partial class SmtpDaneClient
{
    private readonly DaneTargetResolver _targets;
    private readonly SmtpDaneOptions _options;

    /// <summary>Creates a client over a DANE target resolver (which holds the validating resolver).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SmtpDaneClient(DaneTargetResolver targets, SmtpDaneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        options ??= SmtpDaneOptions.Default;
        options.Validate();
        _targets = targets;
        _options = options;
    }

    /// <summary>Looks up the MX hosts of <paramref name="domain"/> and decides the TLS level of each (no connection is made).</summary>
    /// <exception cref="DnsSecure.Wire.DnsFormatException"><paramref name="domain"/> is not a valid domain name.</exception>
    public async Task<SmtpDeliveryPlan> PlanAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        DomainName name = DomainName.Parse(domain);
        ValidatedLookup mx = await _targets.Resolver.ResolveAsync(name, RecordType.MX, cancellationToken).ConfigureAwait(false);
        var plan = new SmtpDeliveryPlan { Domain = name, MxStatus = mx.Status, MxFailure = mx.Failure };
        switch (mx.Status)
        {
            // RFC 7672 §2.2.1: a bogus or failed MX lookup defers delivery; it never falls back to anything weaker.
            case DnssecStatus.Bogus:
                return plan with { Undeliverable = SmtpPlanReason.MxBogus };
            case DnssecStatus.Secure or DnssecStatus.Insecure when mx.ResponseCode is ResponseCode.NoError or ResponseCode.NXDomain:
                break;
            default:
                return plan with { Undeliverable = SmtpPlanReason.MxIndeterminate };
        }

        if (mx.ResponseCode == ResponseCode.NXDomain)
        {
            return plan with { Undeliverable = SmtpPlanReason.NoSuchDomain };
        }

        List<MxRdata> records = [.. mx.RecordsOf<MxRdata>()];
        if (records.Count == 1 && records[0].Exchange.IsRoot)
        {
            // RFC 7505 §3: a single MX whose exchange is the root: the domain accepts no mail.
            return plan with { Undeliverable = SmtpPlanReason.NullMx };
        }

        bool implicitMx = records.Count == 0;
        List<(ushort Preference, DomainName Host)> hosts = implicitMx
            ? [(0, name)] // RFC 5321 §5.1: no MX RRset: the domain itself, preference 0.
            : OrderMxHosts(records, _options.Random ?? Random.Shared);

        bool mxSecure = mx.Status == DnssecStatus.Secure;
        var planned = new Task<SmtpMxPlan>[hosts.Count];
        for (int i = 0; i < hosts.Count; i++)
        {
            (ushort preference, DomainName host) = hosts[i];
            planned[i] = i < _options.MaxMxHosts
                ? PlanHostAsync(host, preference, mxSecure, cancellationToken)
                : Task.FromResult(new SmtpMxPlan { Host = host, Preference = preference, Level = SmtpTlsLevel.Skip, Reason = SmtpPlanReason.OverMxLimit });
        }

        return plan with { IsImplicitMx = implicitMx, Hosts = [.. await Task.WhenAll(planned).ConfigureAwait(false)] };
    }

    /// <summary>
    /// Checks every MX host of <paramref name="domain"/>: plans, then connects to each host that is not skipped and runs EHLO,
    /// STARTTLS, the (DANE) TLS handshake, EHLO again and QUIT. No mail is sent. This is what <c>dane smtp DOMAIN</c> prints.
    /// </summary>
    /// <exception cref="DnsSecure.Wire.DnsFormatException"><paramref name="domain"/> is not a valid domain name.</exception>
    public async Task<SmtpDomainReport> CheckAsync(string domain, CancellationToken cancellationToken = default)
    {
        SmtpDeliveryPlan plan = await PlanAsync(domain, cancellationToken).ConfigureAwait(false);
        var reports = ImmutableArray.CreateBuilder<SmtpMxReport>(plan.Hosts.Length);
        foreach (SmtpMxPlan host in plan.Hosts)
        {
            reports.Add(await AttemptAsync(plan, host, mail: null, cancellationToken).ConfigureAwait(false));
        }

        return new SmtpDomainReport(plan, reports.MoveToImmutable());
    }

    /// <summary>
    /// Delivers <paramref name="message"/> to <paramref name="domain"/>: tries the MX hosts in order and stops at the first that
    /// accepts it; hosts that are skipped, refused by DANE or fail are reported and the next one is tried (RFC 7672 §2.2).
    /// </summary>
    /// <exception cref="ArgumentException">The message has an address with angle brackets, spaces or control characters,
    /// non-ASCII content, or a line longer than 998 characters (RFC 5322 §2.1.1). A non-ASCII address is accepted: it is sent
    /// only to a host that advertises SMTPUTF8 (RFC 6531), others are reported as <see cref="SmtpMxStatus.SmtpUtf8Unavailable"/>.</exception>
    /// <exception cref="DnsSecure.Wire.DnsFormatException"><paramref name="domain"/> is not a valid domain name.</exception>
    public async Task<SmtpDomainReport> SendAsync(string domain, SmtpMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[] data = SmtpDataEncoder.Encode(message);
        SmtpDeliveryPlan plan = await PlanAsync(domain, cancellationToken).ConfigureAwait(false);
        var reports = ImmutableArray.CreateBuilder<SmtpMxReport>();
        foreach (SmtpMxPlan host in plan.Hosts)
        {
            SmtpMxReport report = await AttemptAsync(plan, host, (message, data), cancellationToken).ConfigureAwait(false);
            reports.Add(report);
            if (report.Delivered)
            {
                break;
            }
        }

        return new SmtpDomainReport(plan, reports.ToImmutable());
    }

    private async Task<SmtpMxPlan> PlanHostAsync(DomainName host, ushort preference, bool mxSecure, CancellationToken cancellationToken)
    {
        var plan = new SmtpMxPlan { Host = host, Preference = preference, Level = SmtpTlsLevel.Skip, Reason = SmtpPlanReason.MxIndeterminate };
        if (!mxSecure)
        {
            // RFC 7672 §2.2.1: with an insecure MX RRset an attacker chooses the hosts, so their TLSA records prove nothing.
            var (addresses, status, failure) = await _targets.ResolveAddressesAsync(host.ToString(), cancellationToken).ConfigureAwait(false);
            var target = new DaneTarget
            {
                Host = host,
                Port = _options.Port,
                TlsaBaseDomain = host,
                ReferenceNames = [host.ToString().TrimEnd('.')],
                Tlsa = new TlsaLookupResult(TlsaLookupOutcome.Insecure, []),
                Addresses = addresses,
                AddressStatus = status,
                AddressFailure = failure,
            };
            return WithAddresses(plan with { Target = target }, target) ?? plan with { Target = target, Level = SmtpTlsLevel.Opportunistic, Reason = SmtpPlanReason.MxInsecure };
        }

        DaneTarget resolved = await _targets.ResolveAsync(host.ToString(), _options.Port, DaneProfile.Smtp, cancellationToken: cancellationToken).ConfigureAwait(false);
        plan = plan with { Target = resolved };
        if (WithAddresses(plan, resolved) is { } unusable)
        {
            return unusable;
        }

        if (resolved.AddressStatus == DnssecStatus.Insecure)
        {
            // RFC 7672 §2.2.2: TLSA records of a host whose address records are insecure are not used.
            return plan with { Level = SmtpTlsLevel.Opportunistic, Reason = SmtpPlanReason.AddressInsecure };
        }

        return resolved.Tlsa.Outcome switch
        {
            // RFC 7672 §2.2: usable TLSA → authenticated TLS is mandatory.
            TlsaLookupOutcome.SecureUsable => plan with { Level = SmtpTlsLevel.Dane, Reason = SmtpPlanReason.TlsaUsable },
            // RFC 7672 §2.2: secure but unusable TLSA → TLS is still mandatory, without authentication.
            TlsaLookupOutcome.SecureAllUnusable => plan with { Level = SmtpTlsLevel.Encrypt, Reason = SmtpPlanReason.TlsaAllUnusable },
            TlsaLookupOutcome.SecureAbsent => plan with { Level = SmtpTlsLevel.Opportunistic, Reason = SmtpPlanReason.TlsaAbsent },
            TlsaLookupOutcome.Insecure => plan with { Level = SmtpTlsLevel.Opportunistic, Reason = SmtpPlanReason.TlsaInsecure },
            // RFC 7672 §2.1.1: a bogus or failed TLSA lookup makes the host unusable; the next MX host is tried.
            TlsaLookupOutcome.Bogus => plan with { Reason = SmtpPlanReason.TlsaBogus, Failure = resolved.TlsaFailure },
            _ => plan with { Reason = SmtpPlanReason.TlsaIndeterminate, Failure = resolved.TlsaFailure },
        };
    }

    /// <summary>
    /// RFC 5321 §5.1: lowest preference first; hosts of equal preference in random order ("the sender-SMTP MUST randomize
    /// them to spread the load"). A host listed twice keeps its lowest preference. Equal preferences are put in canonical name
    /// order before the shuffle, so the result depends on <paramref name="random"/> only, never on the order DNS returned.
    /// </summary>
    internal static List<(ushort Preference, DomainName Host)> OrderMxHosts(IEnumerable<MxRdata> records, Random random)
    {
        List<(ushort Preference, DomainName Host)> hosts = [.. records.Where(r => !r.Exchange.IsRoot)
            .OrderBy(r => r.Preference)
            .ThenBy(r => r.Exchange)
            .Select(r => (r.Preference, r.Exchange))
            .DistinctBy(h => h.Exchange)];
        for (int start = 0; start < hosts.Count;)
        {
            int end = start + 1;
            while (end < hosts.Count && hosts[end].Preference == hosts[start].Preference)
            {
                end++;
            }

            // Fisher–Yates over [start, end).
            for (int i = end - 1; i > start; i--)
            {
                int j = start + random.Next(i - start + 1);
                (hosts[i], hosts[j]) = (hosts[j], hosts[i]);
            }

            start = end;
        }

        return hosts;
    }

    /// <summary>The skip plan when the host's addresses are unusable, or null when they may be connected to.</summary>
    private static SmtpMxPlan? WithAddresses(SmtpMxPlan plan, DaneTarget target) => target.AddressStatus switch
    {
        DnssecStatus.Bogus => plan with { Reason = SmtpPlanReason.AddressBogus, Failure = target.AddressFailure },
        DnssecStatus.Secure or DnssecStatus.Insecure when target.Addresses.IsEmpty => plan with { Reason = SmtpPlanReason.NoAddresses },
        DnssecStatus.Secure or DnssecStatus.Insecure => null,
        _ => plan with { Reason = SmtpPlanReason.AddressIndeterminate, Failure = target.AddressFailure },
    };
}
