using System.Net;
using System.Net.Sockets;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>A minimal UDP query helper for interop tests (the library's own transports are tested elsewhere).</summary>
public static class LoopbackDnsClient
{
    public static async Task<DnsMessage> QueryAsync(IPEndPoint server, string name, RecordType type, bool dnssecOk = true, bool checkingDisabled = false, TimeSpan? timeout = null)
    {
        var query = DnsMessage.CreateQuery((ushort)Random.Shared.Next(0, 65536), new DnsQuestion(DomainName.Parse(name), type), recursionDesired: true, dnssecOk: dnssecOk, checkingDisabled: checkingDisabled, udpPayloadSize: 4096);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.Address, 0));
        await socket.SendToAsync(query.Encode(), server);
        byte[] buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, server, cts.Token);
            if (DnsMessage.TryDecode(buffer.AsSpan(0, r.ReceivedBytes), out DnsMessage? response) && response.Id == query.Id)
            {
                return response;
            }
        }
    }
}
