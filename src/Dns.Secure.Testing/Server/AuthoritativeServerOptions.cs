using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Testing.Server;

/// <summary>Settings for <see cref="AuthoritativeServer"/>.</summary>
public sealed record AuthoritativeServerOptions
{
    /// <summary>The loopback address and port for both UDP and TCP; port 0 picks a free port. Default 127.0.0.1:0.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>The largest UDP response the server sends and the payload size it advertises (RFC 6891 §6.2.5). Default 4096.</summary>
    public ushort MaxUdpPayloadSize { get; init; } = 4096;

    /// <summary>Where per-query events go (Debug level); null for none.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The clock for delays and generated signature windows.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
