using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSecure.Testing.Server;

/// <summary>
/// An in-process authoritative DNS server for tests: serves signed or unsigned zones over UDP and TCP (RFC 7766, with
/// pipelining) on one loopback port, and misbehaves on request through <see cref="Faults"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await AuthoritativeServer.StartAsync([AuthoritativeZone.Load("example.signed", DomainName.Parse("example."))]);
/// server.Faults.AddForName(DomainName.Parse("www.example."), Fault.CorruptSignatures);
/// // query server.EndPoint ...
/// </code>
/// </example>
public sealed class AuthoritativeServer : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly QueryResponder _responder;
    private readonly AuthoritativeServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private ImmutableArray<AuthoritativeZone> _zones;
    private int _disposed;

    private AuthoritativeServer(Socket udp, Socket tcp, ImmutableArray<AuthoritativeZone> zones, AuthoritativeServerOptions options)
    {
        _udp = udp;
        _tcp = tcp;
        _zones = zones;
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _responder = new QueryResponder(() => _zones, Faults, Queries, options);
    }

    /// <summary>The bound address and port, the same for UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The faults to inject; change them at any time.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>Counters of the queries received.</summary>
    public QueryCounters Queries { get; } = new();

    /// <summary>The zones served.</summary>
    public ImmutableArray<AuthoritativeZone> Zones => _zones;

    /// <summary>Binds UDP and TCP on <see cref="AuthoritativeServerOptions.EndPoint"/> and starts answering.</summary>
    /// <exception cref="ArgumentException">The address is not a loopback address, or two zones have the same apex.</exception>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static Task<AuthoritativeServer> StartAsync(IEnumerable<AuthoritativeZone> zones, AuthoritativeServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zones);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new AuthoritativeServerOptions();
        ArgumentNullException.ThrowIfNull(options.EndPoint);
        if (!IPAddress.IsLoopback(options.EndPoint.Address))
        {
            throw new ArgumentException($"The test server binds only loopback addresses, not {options.EndPoint.Address}.", nameof(options));
        }

        ImmutableArray<AuthoritativeZone> list = [.. zones];
        CheckDistinct(list);
        (Socket udp, Socket tcp) = Bind(options.EndPoint);
        var server = new AuthoritativeServer(udp, tcp, list, options);
        server._loops.Add(Task.Run(server.ReceiveUdpAsync, CancellationToken.None));
        server._loops.Add(Task.Run(server.AcceptTcpAsync, CancellationToken.None));
        ServerLog.Started(server._logger, server.EndPoint, list.Length);
        return Task.FromResult(server);
    }

    /// <summary>Adds a zone, or replaces the zone with the same apex, while running.</summary>
    public void SetZone(AuthoritativeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ImmutableInterlocked.Update(ref _zones, static (zones, z) => [.. zones.Where(x => x.Origin != z.Origin), z], zone);
    }

    /// <summary>Stops serving a zone; false when no zone has that apex.</summary>
    public bool RemoveZone(DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        bool removed = false;
        ImmutableInterlocked.Update(ref _zones, zones =>
        {
            ImmutableArray<AuthoritativeZone> next = [.. zones.Where(x => x.Origin != origin)];
            removed = next.Length != zones.Length;
            return next;
        });
        return removed;
    }

    /// <summary>Stops listening, closes every connection and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }

        _stop.Dispose();
    }

    private static void CheckDistinct(ImmutableArray<AuthoritativeZone> zones)
    {
        var seen = new HashSet<DomainName>();
        foreach (AuthoritativeZone zone in zones)
        {
            if (!seen.Add(zone.Origin))
            {
                throw new ArgumentException($"Two zones have the apex {zone.Origin}.", nameof(zones));
            }
        }
    }

    /// <summary>Binds UDP, then TCP on the same port; with port 0, retries when the TCP port is taken.</summary>
    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint requested)
    {
        for (int attempt = 1; ; attempt++)
        {
            var udp = new Socket(requested.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(requested.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(requested);
                tcp.Bind(new IPEndPoint(requested.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(128);
                return (udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && requested.Port == 0 && attempt < ServerLimits.BindAttempts)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }

    private async Task ReceiveUdpAsync()
    {
        CancellationToken stop = _stop.Token;
        byte[] buffer = new byte[ushort.MaxValue];
        EndPoint any = new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors from earlier sends surface here on some platforms; keep serving.
                ServerLog.ReceiveFailed(_logger, ServerTransport.Udp, e);
                continue;
            }

            byte[] query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = AnswerUdpAsync(query, received.RemoteEndPoint, stop);
        }
    }

    private async Task AnswerUdpAsync(byte[] query, EndPoint remote, CancellationToken stop)
    {
        try
        {
            ServerReply reply = _responder.Respond(query, ServerTransport.Udp);
            ServerLog.Query(_logger, ServerTransport.Udp, remote, query.Length, reply.Payload?.Length ?? 0);
            if (reply.Payload is null)
            {
                return;
            }

            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _options.TimeProvider, stop).ConfigureAwait(false);
            }

            await _udp.SendToAsync(reply.Payload, SocketFlags.None, remote, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Shutting down, or the client went away.
        }
    }

    private async Task AcceptTcpAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                ServerLog.ReceiveFailed(_logger, ServerTransport.Tcp, e);
                continue;
            }

            _ = ServeTcpAsync(client, stop);
        }
    }

    /// <summary>RFC 7766: several length-prefixed queries per connection, answered concurrently and possibly out of order (§6.2.1.1).</summary>
    private async Task ServeTcpAsync(Socket client, CancellationToken stop)
    {
        var stream = new NetworkStream(client, ownsSocket: true);
        using var writeLock = new SemaphoreSlim(1, 1);
        using var slots = new SemaphoreSlim(ServerLimits.MaxConcurrentQueriesPerConnection, ServerLimits.MaxConcurrentQueriesPerConnection);
        var inFlight = new List<Task>();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                byte[] prefix = new byte[2];
                while (true)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    idle.CancelAfter(ServerLimits.TcpIdleTimeout);
                    await stream.ReadExactlyAsync(prefix, idle.Token).ConfigureAwait(false);
                    int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                    if (length == 0)
                    {
                        break;
                    }

                    byte[] query = new byte[length];
                    await stream.ReadExactlyAsync(query, idle.Token).ConfigureAwait(false);
                    await slots.WaitAsync(stop).ConfigureAwait(false);
                    inFlight.RemoveAll(t => t.IsCompleted);
                    inFlight.Add(AnswerTcpAsync(stream, query, client.RemoteEndPoint, writeLock, slots, stop));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException or ObjectDisposedException or SocketException)
            {
                // Closed by the client, idle, or shutting down.
            }

            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                // The connection went away while answering.
            }
        }
    }

    private async Task AnswerTcpAsync(NetworkStream stream, byte[] query, EndPoint? remote, SemaphoreSlim writeLock, SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            await Task.Yield();
            ServerReply reply = _responder.Respond(query, ServerTransport.Tcp);
            ServerLog.Query(_logger, ServerTransport.Tcp, remote, query.Length, reply.Payload?.Length ?? 0);
            if (reply.Payload is null)
            {
                return;
            }

            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _options.TimeProvider, stop).ConfigureAwait(false);
            }

            byte[] framed = new byte[reply.Payload.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Payload.Length);
            reply.Payload.CopyTo(framed, 2);
            await writeLock.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(framed, stop).ConfigureAwait(false);
            }
            finally
            {
                writeLock.Release();
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
