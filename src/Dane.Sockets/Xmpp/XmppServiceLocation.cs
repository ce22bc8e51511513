using System.Collections.Immutable;
using DnsSecure;
using DnsSecure.Dnssec;

namespace DaneSockets.Xmpp;

/// <summary>Where an XMPP service lives, as DNSSEC-validated SRV says (RFC 6120 §3.2, RFC 7673 §3.1).</summary>
public sealed record XmppServiceLocation
{
    /// <summary>The service (source) domain: the domain part of the JID.</summary>
    public required DomainName ServiceDomain { get; init; }

    /// <summary>The verdict of the SRV lookups (the worse of <c>_xmpp-*</c> and <c>_xmpps-*</c>).</summary>
    public DnssecStatus SrvStatus { get; init; }

    /// <summary>Why the SRV lookups were not Secure, when they were not.</summary>
    public ValidationFailure? SrvFailure { get; init; }

    /// <summary>The endpoints in the order to try them (RFC 2782: priority, then weighted random).</summary>
    public ImmutableArray<XmppEndpoint> Endpoints { get; init; } = [];

    /// <summary>True when there were no SRV records and the domain itself is tried on the default port (RFC 6120 §3.2.2).</summary>
    public bool IsFallback { get; init; }

    /// <summary>True when the SRV lookup failed (Bogus or Indeterminate): the client must not connect at all (RFC 7673 §3.1).</summary>
    public bool MustAbort => SrvStatus is DnssecStatus.Bogus or DnssecStatus.Indeterminate;

    /// <summary>True when SRV said the service is decidedly not available (a single target ".", RFC 2782).</summary>
    public bool IsUnavailable { get; init; }
}
