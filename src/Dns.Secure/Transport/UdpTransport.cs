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
/// </summary>
internal sealed class UdpTransport(TransportSettings settings)
{
    /// <summary>Sends <paramref name="query"/> (its ID is replaced) and waits up to <paramref name="timeout"/> for the answer.</summary>
    public async ValueTask<ExchangeResult> ExchangeAsync(DnsMessage query, IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        query = query with { Id = NewId() };
        byte[] wire = query.Encode();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DnsLimits.MaxMessageSize);
        using var deadline = new CancellationTokenSource(timeout, settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);

            // Port 0: the kernel picks a fresh, randomised ephemeral port for every query (RFC 5452 §10).
            socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));

            // Connecting makes the kernel drop datagrams from other peers and report ICMP unreachable as an error.
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            await socket.SendAsync(wire, SocketFlags.None, linked.Token).ConfigureAwait(false);
            EndPoint any = server.AddressFamily == AddressFamily.InterNetworkV6
                ? new IPEndPoint(IPAddress.IPv6Any, 0)
                : new IPEndPoint(IPAddress.Any, 0);
            while (true)
            {
                SocketReceiveFromResult received = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, any, linked.Token).ConfigureAwait(false);
                ReadOnlySpan<byte> packet = buffer.AsSpan(0, received.ReceivedBytes);

                // RFC 5452 §9.1: source address and port, ID and question must all match.
                if (!server.Equals(received.RemoteEndPoint))
                {
                    Log.ResponseIgnored(settings.Logger, server, "wrong source");
                    continue;
                }

                if (!ResponseMatcher.HeaderMatches(packet, query.Id)
                    || !DnsMessage.TryDecode(packet, out DnsMessage? response)
                    || !ResponseMatcher.Matches(query, response))
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
}
