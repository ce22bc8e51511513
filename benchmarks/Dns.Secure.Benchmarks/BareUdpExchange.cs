using System.Net;
using System.Net.Sockets;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The floor under a UDP query: the runtime's socket API and nothing of ours — a fresh socket connected to the server (a
/// fresh ephemeral port, as RFC 5452 asks), one send of an already encoded query, one receive bounded by a timeout. Used by
/// the <c>udp-floor</c> stage of <see cref="ValidatorStages"/> and by <c>udp-floor-load</c> in <see cref="ValidatorLoad"/>.
/// </summary>
internal static class BareUdpExchange
{
    /// <summary>Sends <paramref name="query"/> to <paramref name="server"/> and receives one datagram into <paramref name="buffer"/>.</summary>
    public static async Task<int> RunAsync(IPEndPoint server, byte[] query, byte[] buffer)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        socket.Send(query);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        return await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, deadline.Token).ConfigureAwait(false);
    }
}
