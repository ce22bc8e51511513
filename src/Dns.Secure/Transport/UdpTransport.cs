using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSecure.Diagnostics;
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
/// </summary>
internal sealed class UdpTransport(TransportSettings settings)
{
    // The last server's socket address, so that matching the source of a datagram allocates nothing per query.
    private ServerAddress? _lastServer;

    /// <summary>Sends <paramref name="query"/> (with a fresh ID) and waits up to <paramref name="timeout"/> for the answer.</summary>
    public async ValueTask<ExchangeResult> ExchangeAsync(DnsMessage query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (query.Questions.Length != 1)
        {
            throw new ArgumentException("A query has exactly one question.", nameof(query));
        }

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

                if (!ResponseMatcher.HeaderMatches(packet, id)
                    || !DnsMessage.TryDecode(packet, out DnsMessage? response)
                    || !ResponseMatcher.Matches(id, question, response))
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

    /// <summary>A uniformly random 16-bit ID from the operating system's CSPRNG (RFC 5452 §4.3).</summary>
    internal static ushort NewId()
    {
        Span<byte> b = stackalloc byte[2];
        RandomNumberGenerator.Fill(b);
        return (ushort)((b[0] << 8) | b[1]);
    }

    /// <summary>Encodes <paramref name="query"/> into a pooled buffer, puts <paramref name="id"/> in its header and sends it.</summary>
    private static void Send(Socket socket, DnsMessage query, ushort id)
    {
        var writer = new DnsWireWriter(512);
        try
        {
            query.EncodeCore(ref writer, DnsLimits.MaxMessageSize, out _);

            // RFC 1035 §4.1.1: the ID is the header's first two octets.
            writer.PatchUInt16(0, id);
            socket.Send(writer.WrittenSpan, SocketFlags.None);
        }
        finally
        {
            writer.Dispose();
        }
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
