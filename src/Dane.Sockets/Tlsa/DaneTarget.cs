using System.Collections.Immutable;
using System.Net;
using DaneSockets.Policy;
using DnsSecure;
using DnsSecure.Dnssec;

namespace DaneSockets.Tlsa;

/// <summary>
/// Everything DNS says about one TLS service endpoint: its validated addresses, its TLSA RRset and verdict, the TLSA base
/// domain (which decides the SNI name) and the reference identifiers a certificate may carry (RFC 7671 §7).
/// </summary>
public sealed record DaneTarget
{
    /// <summary>The host name the caller asked for.</summary>
    public required DomainName Host { get; init; }

    /// <summary>The port.</summary>
    public required int Port { get; init; }

    /// <summary>The transport label of the TLSA owner (<c>tcp</c>, <c>udp</c>, <c>sctp</c>).</summary>
    public string Protocol { get; init; } = "tcp";

    /// <summary>The name whose TLSA RRset applies: the CNAME-expanded host when its chain is secure and has TLSA, else the host.</summary>
    public required DomainName TlsaBaseDomain { get; init; }

    /// <summary>Names a certificate may match (RFC 7671 §7: the TLSA base domain and the original host).</summary>
    public ImmutableArray<string> ReferenceNames { get; init; } = [];

    /// <summary>The host's name after a secure CNAME expansion, when it has one (whichever name the TLSA RRset was found at).</summary>
    internal DomainName? SecureExpansion { get; init; }

    /// <summary>The TLSA outcome and records.</summary>
    public required TlsaLookupResult Tlsa { get; init; }

    /// <summary>Why the TLSA lookup was not Secure, when it was not.</summary>
    public ValidationFailure? TlsaFailure { get; init; }

    /// <summary>The validated addresses (A and AAAA).</summary>
    public ImmutableArray<IPAddress> Addresses { get; init; } = [];

    /// <summary>The DNSSEC status of the address records (the worse of A and AAAA).</summary>
    public DnssecStatus AddressStatus { get; init; }

    /// <summary>Why the address lookup was not Secure, when it was not.</summary>
    public ValidationFailure? AddressFailure { get; init; }

    /// <summary>How long the TLSA data may be relied on, from the validated TTL.</summary>
    public TimeSpan TlsaTtl { get; init; }

    /// <summary>The TLSA owner name that was used (<c>_port._proto.base</c>).</summary>
    public DomainName TlsaOwner => TlsaOwnerName.For(Port, Protocol, TlsaBaseDomain);
}
