namespace DaneHttp.Http;

/// <summary>Immutable settings of the HTTP transport, copied from the options when the handler is built.</summary>
internal sealed record DaneHttpTransportSettings
{
    /// <summary>An HTTP proxy to tunnel through with CONNECT; the TLS session to the origin is still authenticated by the origin's TLSA.</summary>
    public Uri? Proxy { get; init; }

    public bool AllowAutoRedirect { get; init; } = true;

    public int MaxAutomaticRedirections { get; init; } = 50;

    /// <summary>Upper bound of a pooled connection's life, whatever the TLSA TTL says.</summary>
    public TimeSpan MaxConnectionLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of simultaneous connections to one endpoint.</summary>
    public int MaxConnectionsPerServer { get; init; } = int.MaxValue;

    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many endpoints keep a pool of their own before idle ones are dropped.</summary>
    public int MaxEndpoints { get; init; } = 256;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
