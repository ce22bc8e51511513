using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsSecure;

namespace Adversarial.Tests.Attackers;

/// <summary>
/// A man in the middle between a resolver and the real (test) authoritative server, on its own loopback port, UDP and
/// TCP. It forwards every query and can rewrite, replace, delay or drip-feed the answer, and can send forged packets
/// to the client before the real answer (<see cref="BeforeUdpReply"/>).
/// </summary>
internal sealed class LyingUpstream : IAsyncDisposable
{
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(3);
    private readonly IPEndPoint _upstream;
    private readonly Socket _udp;
    private readonly LoopbackAcceptLoop _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private int _queries;

    private LyingUpstream(IPEndPoint upstream)
    {
        _upstream = upstream;
        for (int attempt = 0; ; attempt++)
        {
            _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)_udp.LocalEndPoint!).Port;
            var tcp = new TcpListener(IPAddress.Loopback, port);
            try
            {
                tcp.Start();
                // DNS over TCP keeps its connection open for more queries: no time limit but the dispose.
                _tcp = new LoopbackAcceptLoop(ServeTcpAsync, Timeout.InfiniteTimeSpan, tcp);
                break;
            }
            catch (SocketException) when (attempt < 20)
            {
                _udp.Dispose();
            }
        }

        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = Task.Run(UdpLoopAsync);
    }

    /// <summary>Where the resolver under attack should send its queries.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Queries received (UDP and TCP).</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Rewrites the real answer (query, answer) → what the client gets; null drops it. Null property: pass through.</summary>
    public Func<DnsMessage, DnsMessage, DnsMessage?>? Rewrite { get; set; }

    /// <summary>Replaces the answer's octets after <see cref="Rewrite"/> (query octets, answer octets) → octets sent.</summary>
    public Func<byte[], byte[], byte[]>? RewriteBytes { get; set; }

    /// <summary>Runs before a UDP answer is sent: the socket the client talks to, the client's address and the query.</summary>
    public Func<Socket, EndPoint, DnsMessage, Task>? BeforeUdpReply { get; set; }

    /// <summary>When true, every UDP answer is replaced by an empty copy with TC=1, so the client must come back over TCP.</summary>
    public bool TruncateUdp { get; set; }

    /// <summary>When set, TCP answers are written one octet at a time with this pause between octets.</summary>
    public TimeSpan? TcpDrip { get; set; }

    public static LyingUpstream Start(IPEndPoint upstream) => new(upstream);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _tcp.DisposeAsync();
        try
        {
            await _udpLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        byte[] buffer = new byte[ushort.MaxValue];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            byte[] query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = AnswerUdpAsync(query, received.RemoteEndPoint);
        }
    }

    private async Task AnswerUdpAsync(byte[] query, EndPoint client)
    {
        try
        {
            Interlocked.Increment(ref _queries);
            byte[]? answer = await ForwardUdpAsync(query);
            if (answer is null || !DnsMessage.TryDecode(query, out DnsMessage? q))
            {
                return;
            }

            if (BeforeUdpReply is { } before)
            {
                await before(_udp, client, q);
            }

            byte[]? reply = TruncateUdp && DnsMessage.TryDecode(answer, out DnsMessage? full)
                ? (full with { Truncated = true, Answers = [], Authorities = [], Additionals = [] }).Encode()
                : Lie(query, q, answer);
            if (reply is not null)
            {
                await _udp.SendToAsync(reply, SocketFlags.None, client, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    // A client that goes away ends its connection inside the loop.
    private async Task ServeTcpAsync(TcpClient client, CancellationToken cancellationToken)
    {
        NetworkStream stream = client.GetStream();
        byte[] length = new byte[2];
        while (!cancellationToken.IsCancellationRequested)
        {
            await stream.ReadExactlyAsync(length, cancellationToken);
            byte[] query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await stream.ReadExactlyAsync(query, cancellationToken);
            Interlocked.Increment(ref _queries);
            byte[]? answer = await ForwardTcpAsync(query);
            if (answer is null || !DnsMessage.TryDecode(query, out DnsMessage? q))
            {
                return;
            }

            byte[]? reply = Lie(query, q, answer);
            if (reply is null)
            {
                continue;
            }

            byte[] framed = new byte[reply.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)Math.Min(reply.Length, ushort.MaxValue));
            reply.CopyTo(framed, 2);
            if (TcpDrip is { } pause)
            {
                foreach (byte b in framed)
                {
                    await stream.WriteAsync(new[] { b }, cancellationToken);
                    await Task.Delay(pause, cancellationToken);
                }
            }
            else
            {
                await stream.WriteAsync(framed, cancellationToken);
            }
        }
    }

    private byte[]? Lie(byte[] queryWire, DnsMessage query, byte[] answer)
    {
        byte[] reply = answer;
        if (Rewrite is { } rewrite)
        {
            if (!DnsMessage.TryDecode(answer, out DnsMessage? real))
            {
                return answer;
            }

            DnsMessage? lie = rewrite(query, real);
            if (lie is null)
            {
                return null;
            }

            reply = lie.Encode();
        }

        return RewriteBytes is { } bytes ? bytes(queryWire, reply) : reply;
    }

    private async Task<byte[]?> ForwardUdpAsync(byte[] query)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(UpstreamTimeout);
        try
        {
            await socket.ConnectAsync(_upstream, timeout.Token);
            await socket.SendAsync(query, SocketFlags.None, timeout.Token);
            byte[] buffer = new byte[ushort.MaxValue];
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer.AsSpan(0, n).ToArray();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return null;
        }
    }

    private async Task<byte[]?> ForwardTcpAsync(byte[] query)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(UpstreamTimeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_upstream, timeout.Token);
            NetworkStream stream = tcp.GetStream();
            byte[] framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await stream.WriteAsync(framed, timeout.Token);
            byte[] length = new byte[2];
            await stream.ReadExactlyAsync(length, timeout.Token);
            byte[] answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await stream.ReadExactlyAsync(answer, timeout.Token);
            return answer;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or EndOfStreamException)
        {
            return null;
        }
    }
}
