using System.Collections.Immutable;
using DnsSecure.Transport;

namespace DnsSecure.Resolution;

/// <summary>The validated, immutable copy of <see cref="StubResolverOptions"/> a resolver runs on.</summary>
internal sealed record StubResolverSettings
{
    public required ImmutableArray<NameServer> Servers { get; init; }

    public required TimeSpan Timeout { get; init; }

    public required TimeSpan MaxTimeout { get; init; }

    public required int Attempts { get; init; }

    public bool Rotate { get; init; }

    public bool UseEdns { get; init; }

    public ushort UdpPayloadSize { get; init; }

    public bool TrustAd { get; init; }

    public TimeSpan TcpIdleTimeout { get; init; }

    public TimeSpan EdnsFallbackDuration { get; init; }

    public int CacheMaxEntries { get; init; }

    public TimeSpan CacheMaxTtl { get; init; }

    public TimeSpan NegativeCacheMaxTtl { get; init; }

    public bool ContinueOnThreadPool { get; init; }
}
