using Microsoft.Extensions.Logging;

namespace DnsSecure.Transport;

/// <summary>Immutable settings shared by the transports.</summary>
internal sealed record TransportSettings
{
    /// <summary>The EDNS UDP payload size advertised, and the receive buffer size for UDP (RFC 6891 §6.2.3).</summary>
    public int UdpPayloadSize { get; init; } = Wire.DnsLimits.DefaultEdnsPayloadSize;

    /// <summary>An idle stream connection is closed after this long (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response accepted on a stream; the 2-octet prefix caps it at 65535 (RFC 7766 §8).</summary>
    public int MaxStreamMessageSize { get; init; } = Wire.DnsLimits.MaxMessageSize;

    /// <summary>Source of time for deadlines and idle timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where diagnostics go.</summary>
    public ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
