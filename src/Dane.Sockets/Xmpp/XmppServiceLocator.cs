using System.Collections.Immutable;
using DaneSockets.StartTls;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DaneSockets.Xmpp;

/// <summary>
/// Finds an XMPP service's endpoints through the validating resolver: <c>_xmpp-client._tcp</c> (STARTTLS) and
/// <c>_xmpps-client._tcp</c> (direct TLS, RFC 7590 / XEP-0368) in parallel — <c>-server</c> for server streams — merged and
/// ordered by priority and weight (RFC 2782); no SRV at all means the domain itself on 5222 or 5269 (RFC 6120 §3.2.2).
/// </summary>
public sealed class XmppServiceLocator
{
    /// <summary>The client-to-server port when there is no SRV record (RFC 6120 §3.2.2, §14.7).</summary>
    public const int ClientPort = 5222;

    /// <summary>The server-to-server port when there is no SRV record (RFC 6120 §3.2.2, §14.7).</summary>
    public const int ServerPort = 5269;

    private readonly ValidatingResolver _resolver;

    /// <summary>Creates a locator over a validating resolver.</summary>
    public XmppServiceLocator(ValidatingResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>Looks up the endpoints of <paramref name="domain"/>.</summary>
    /// <param name="domain">The service domain (the JID's domain part).</param>
    /// <param name="kind">Client or server streams.</param>
    /// <param name="directTls">Also look up the direct-TLS (<c>_xmpps-*</c>) records.</param>
    /// <param name="random">The source of the RFC 2782 weighted choice; null for <see cref="Random.Shared"/>.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async ValueTask<XmppServiceLocation> LocateAsync(string domain, XmppStreamKind kind = XmppStreamKind.Client, bool directTls = true, Random? random = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        DomainName service = DomainName.Parse(domain);
        string suffix = kind == XmppStreamKind.Server ? "-server" : "-client";
        Task<ValidatedLookup> startTls = _resolver.ResolveAsync(service.Prepend("_tcp").Prepend("_xmpp" + suffix), RecordType.SRV, cancellationToken).AsTask();
        Task<ValidatedLookup>? direct = directTls
            ? _resolver.ResolveAsync(service.Prepend("_tcp").Prepend("_xmpps" + suffix), RecordType.SRV, cancellationToken).AsTask()
            : null;
        ValidatedLookup[] lookups = direct is null
            ? [await startTls.ConfigureAwait(false)]
            : await Task.WhenAll(startTls, direct).ConfigureAwait(false);

        DnssecStatus status = DnssecStatus.Secure;
        ValidationFailure? failure = null;
        var records = new List<XmppEndpoint>();
        for (int i = 0; i < lookups.Length; i++)
        {
            ValidatedLookup lookup = lookups[i];
            if (Rank(lookup.Status) > Rank(status))
            {
                status = lookup.Status;
                failure = lookup.Failure;
            }

            // An RCODE other than NOERROR / NXDOMAIN is a failed lookup, never "no records" (RFC 7673 §3.1).
            if (lookup.ResponseCode is not (ResponseCode.NoError or ResponseCode.NXDomain) && Rank(DnssecStatus.Indeterminate) > Rank(status))
            {
                status = DnssecStatus.Indeterminate;
                failure = lookup.Failure;
            }

            foreach (SrvRdata srv in lookup.RecordsOf<SrvRdata>())
            {
                records.Add(new XmppEndpoint(srv.Target, srv.Port, DirectTls: i == 1, srv.Priority, srv.Weight, lookup.IsSecure));
            }
        }

        var location = new XmppServiceLocation { ServiceDomain = service, SrvStatus = status, SrvFailure = failure };
        if (location.MustAbort)
        {
            // RFC 7673 §3.1: a bogus or failed SRV lookup aborts the connection; no fallback to the bare domain.
            return location;
        }

        // RFC 2782: a single SRV record with target "." means the service is decidedly not available here.
        if (records.Count == 1 && records[0].Host == DomainName.Root)
        {
            return location with { IsUnavailable = true };
        }

        records.RemoveAll(r => r.Host == DomainName.Root);
        if (records.Count == 0)
        {
            // RFC 6120 §3.2.2: no SRV → the domain itself on the well-known port, with STARTTLS.
            int port = kind == XmppStreamKind.Server ? ServerPort : ClientPort;
            return location with
            {
                IsFallback = true,
                Endpoints = [new XmppEndpoint(service, port, DirectTls: false, 0, 0, status == DnssecStatus.Secure)],
            };
        }

        return location with { Endpoints = Order(records, random ?? Random.Shared) };
    }

    /// <summary>RFC 2782 ordering: ascending priority; within a priority, repeated weighted random choice (weight 0 first in the draw).</summary>
    internal static ImmutableArray<XmppEndpoint> Order(IReadOnlyList<XmppEndpoint> records, Random random)
    {
        var ordered = ImmutableArray.CreateBuilder<XmppEndpoint>(records.Count);
        foreach (IGrouping<ushort, XmppEndpoint> group in records.GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            // RFC 2782: zero-weight records are placed at the beginning before the running sums are computed.
            var remaining = group.OrderBy(r => r.Weight == 0 ? 0 : 1).ToList();
            while (remaining.Count > 0)
            {
                int total = remaining.Sum(r => r.Weight);
                int pick = random.Next(total + 1);
                int running = 0;
                int chosen = remaining.Count - 1;
                for (int i = 0; i < remaining.Count; i++)
                {
                    running += remaining[i].Weight;
                    if (running >= pick)
                    {
                        chosen = i;
                        break;
                    }
                }

                ordered.Add(remaining[chosen]);
                remaining.RemoveAt(chosen);
            }
        }

        return ordered.MoveToImmutable();
    }

    private static int Rank(DnssecStatus status) => status switch
    {
        DnssecStatus.Secure => 0,
        DnssecStatus.Insecure => 1,
        DnssecStatus.Indeterminate => 2,
        _ => 3,
    };
}
