using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Diagnostics;
using System.Runtime.InteropServices;
using DnsSecure.Diagnostics;
using DnsSecure.Transport.EventLoop;
using DnsSecure.Wire;

namespace DnsSecure.Transport;

/// <summary>
/// One query over UDP. Each query gets a fresh socket on a fresh ephemeral port and a fresh random ID from a CSPRNG
/// (RFC 5452 §4, §9.2); only a response from the queried address and port, with the same ID and question, ends the
/// wait (RFC 5452 §9.1). Anything else — forged, stale or undecodable — is dropped and the wait goes on.
/// <para>Cost per query (issue 5, goal a): the socket is connected without a separate bind (connect picks the random
/// ephemeral port and sets the peer in one call, so there is no moment when the port is open to every sender), connect
/// and send are the synchronous calls (on a UDP socket neither waits), the query is encoded into a pooled buffer with the
/// fresh ID patched in (no copy of the message, no array), and the only awaited operation is the receive, bounded by one
/// timer-backed token source.</para>
/// <para>On Linux the exchange runs on a UDP event loop (<see cref="UdpEventLoop"/>): the socket is created, connected and
/// sent on with raw system calls on the caller's thread and registered with a loop thread, which receives, matches and
/// completes the exchange inline, so the resolver continues on that thread with no hand-off. Same RFC 5452 rules, same
/// outcomes. The runtime's socket engine is used instead when the settings' TimeProvider is not the system clock (tests
/// with fake time), on other systems, or when the AppContext switch <c>DnsSecure.Transport.DisableUdpEventLoop</c> is set.</para>
/// </summary>
internal sealed class UdpTransport(TransportSettings settings)
{
    // The last server's socket address, so that matching the source of a datagram allocates nothing per query.
    private ServerAddress? _lastServer;

    /// <summary>Sends <paramref name="query"/> (with a fresh ID) and waits up to <paramref name="timeout"/> for the answer.</summary>
    public ValueTask<ExchangeResult> ExchangeAsync(DnsMessage query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ExchangeResult>(cancellationToken);
        }

        if (query.Questions.Length != 1)
        {
            return ValueTask.FromException<ExchangeResult>(new ArgumentException("A query has exactly one question.", nameof(query)));
        }

        UdpEventLoop? loop = ChooseLoop();
        return loop is null
            ? SocketExchangeAsync(query, server, timeout, cancellationToken)
            : LoopExchange(loop, query, server, timeout, cancellationToken);
    }

    /// <summary>Forces an engine for the current async flow (tests): <see cref="UdpEngine.Auto"/> by default.</summary>
    internal static AsyncLocal<UdpEngine> EngineOverride { get; } = new();

    private UdpEventLoop? ChooseLoop()
    {
        UdpEngine engine = EngineOverride.Value;
        if (engine == UdpEngine.Sockets)
        {
            return null;
        }

        if (engine == UdpEngine.EventLoop)
        {
            return UdpEventLoops.Pick() ?? throw new InvalidOperationException("The UDP event loop is not available here.");
        }

        // The loop keeps its own monotonic deadlines: fake time needs the timer-backed path.
        return ReferenceEquals(settings.TimeProvider, TimeProvider.System) && UdpEventLoops.Available ? UdpEventLoops.Pick() : null;
    }

    /// <summary>The event-loop exchange: socket, connect and send here; receive, match and completion on the loop thread.</summary>
    private unsafe ValueTask<ExchangeResult> LoopExchange(UdpEventLoop loop, DnsMessage query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ushort id = NewId();
        int family = server.AddressFamily == AddressFamily.InterNetworkV6 ? LinuxNative.AfInet6 : LinuxNative.AfInet;
        // Non-blocking: a follow-up query may be sent from a loop thread, which must never wait for send-buffer memory
        // (EAGAIN/ENOBUFS then fail this exchange as a network error); receives use MSG_DONTWAIT anyway.
        int fd = LinuxNative.Socket(family, LinuxNative.SockDgram | LinuxNative.SockCloExec | LinuxNative.SockNonBlock, LinuxNative.IpProtoUdp);
        if (fd < 0)
        {
            return new ValueTask<ExchangeResult>(NetworkFailure(server, Marshal.GetLastPInvokeError()));
        }

        var socket = new UdpSocketHandle(fd);
        Span<byte> address = stackalloc byte[32];
        int length = LinuxNative.WriteSocketAddress(server, address);
        int errno;
        fixed (byte* a = address)
        {
            // No bind: connect on an unbound UDP socket picks a fresh, randomised ephemeral port (RFC 5452 §10) and sets
            // the peer, so the kernel drops datagrams from any other source and reports ICMP errors on this socket.
            errno = LinuxNative.Connect(socket, a, length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        if (errno == 0)
        {
            errno = SendRaw(socket, query, id);
        }

        if (errno != 0)
        {
            socket.Dispose();
            return new ValueTask<ExchangeResult>(NetworkFailure(server, errno));
        }

        long deadline = timeout == Timeout.InfiniteTimeSpan || timeout.TotalSeconds * Stopwatch.Frequency >= long.MaxValue / 2
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency);
        var exchange = new UdpLoopExchange(loop, socket, id, query.Questions[0], server, deadline, settings.Logger);

        // The caller's token is hooked before registration, so the loop never completes an exchange whose hook is still
        // being written; a cancellation that comes first closes the socket through the loop like any other.
        exchange.WatchCancellation(cancellationToken);
        if (!loop.Register(exchange))
        {
            errno = Marshal.GetLastPInvokeError();
            socket.Dispose();
            exchange.TryComplete(NetworkFailure(server, errno));
        }

        return exchange.AsValueTask();
    }

    private ExchangeResult NetworkFailure(IPEndPoint server, int errno) => NetworkFailure(settings.Logger, server, errno);

    /// <summary>A failed system call on the loop path (errno), logged like the socket engine's errors.</summary>
    internal static ExchangeResult NetworkFailure(Microsoft.Extensions.Logging.ILogger logger, IPEndPoint server, int errno)
    {
        if (logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
#pragma warning disable CA1873 // guarded by IsEnabled just above
            Log.NetworkError(logger, server, DnsTransportProtocol.Udp, new System.ComponentModel.Win32Exception(errno));
#pragma warning restore CA1873
        }

        return ExchangeResult.Failure(ExchangeOutcome.NetworkError);
    }

    /// <summary>Encodes <paramref name="query"/> with <paramref name="id"/> and sends it; 0 or the errno.</summary>
    private static unsafe int SendRaw(UdpSocketHandle socket, DnsMessage query, ushort id)
    {
        var writer = new DnsWireWriter(512);
        try
        {
            ReadOnlySpan<byte> wire = Encode(ref writer, query, id);
            fixed (byte* p = wire)
            {
                return LinuxNative.Send(socket, p, (nuint)wire.Length, LinuxNative.MsgNoSignal) == wire.Length ? 0 : Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The runtime socket engine's exchange (other systems, fake time, or the loop switched off).</summary>
    private async ValueTask<ExchangeResult> SocketExchangeAsync(DnsMessage query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ushort id = NewId();
        DnsQuestion question = query.Questions[0];
        SocketAddress expected = AddressOf(server);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxMessageSize);
        using var deadline = new CancellationTokenSource(timeout, settings.TimeProvider);

        // The caller's token cancels the deadline's source: one source, no linked one.
        using CancellationTokenRegistration caller = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), deadline)
            : default;
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

            // No Bind: connecting an unbound UDP socket makes the kernel bind it to a fresh, randomised ephemeral port
            // (RFC 5452 §10) and set the peer in the same call; from then on it drops datagrams from other peers and
            // reports ICMP unreachable as an error.
            socket.Connect(server);
            Send(socket, query, id);
            var from = new SocketAddress(server.AddressFamily);
            while (true)
            {
                int received = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, deadline.Token).ConfigureAwait(false);
                ReadOnlySpan<byte> packet = buffer.AsSpan(0, received);

                // RFC 5452 §9.1: source address and port, ID and question must all match. The connected socket already
                // filters the source; checking it again costs a comparison of a few octets.
                if (!from.Equals(expected))
                {
                    Log.ResponseIgnored(settings.Logger, server, "wrong source");
                    continue;
                }

                if (!ResponseMatcher.TryAccept(packet, id, question, out DnsMessage? response))
                {
                    Log.ResponseIgnored(settings.Logger, server, "wrong ID, question or format");
                    continue;
                }

                return ExchangeResult.From(response);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ExchangeResult.Timeout;
        }
        catch (SocketException ex)
        {
            Log.NetworkError(settings.Logger, server, DnsTransportProtocol.Udp, ex);
            return ExchangeResult.Failure(ExchangeOutcome.NetworkError);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A uniformly random 16-bit ID from the operating system's CSPRNG (RFC 5452 §4.3), through <see cref="QueryRandom"/>.</summary>
    internal static ushort NewId() => QueryRandom.NextUInt16();

    /// <summary>Encodes <paramref name="query"/> into a pooled buffer, puts <paramref name="id"/> in its header and sends it.</summary>
    private static void Send(Socket socket, DnsMessage query, ushort id)
    {
        var writer = new DnsWireWriter(512);
        try
        {
            socket.Send(Encode(ref writer, query, id), SocketFlags.None);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Encodes <paramref name="query"/> into <paramref name="writer"/> with <paramref name="id"/> as its ID (no copy
    /// of the message) and returns the octets to send.</summary>
    private static ReadOnlySpan<byte> Encode(ref DnsWireWriter writer, DnsMessage query, ushort id)
    {
        query.EncodeCore(ref writer, DnsLimits.MaxMessageSize, out _);

        // RFC 1035 §4.1.1: the ID is the header's first two octets.
        writer.PatchUInt16(0, id);
        return writer.WrittenSpan;
    }

    private SocketAddress AddressOf(IPEndPoint server)
    {
        ServerAddress? last = Volatile.Read(ref _lastServer);
        if (last is not null && last.EndPoint.Equals(server))
        {
            return last.Address;
        }

        var current = new ServerAddress(new IPEndPoint(server.Address, server.Port), server.Serialize());
        Volatile.Write(ref _lastServer, current);
        return current.Address;
    }

    /// <summary>A server and its serialized socket address (never mutated after creation).</summary>
    private sealed record ServerAddress(IPEndPoint EndPoint, SocketAddress Address);
}
