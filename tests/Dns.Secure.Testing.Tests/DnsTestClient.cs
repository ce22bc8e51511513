using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSecure.Wire;

namespace DnsSecure.Testing.Tests;

/// <summary>A minimal stub client over real loopback sockets, using our own DnsMessage codec.</summary>
internal static class DnsTestClient
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    public static DnsMessage Query(string name, RecordType type, bool dnssecOk = false, ushort udpPayloadSize = DnsLimits.DefaultEdnsPayloadSize, bool edns = true)
    {
        DnsMessage query = DnsMessage.CreateQuery((ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue), new DnsQuestion(DomainName.Parse(name), type), recursionDesired: false, dnssecOk: dnssecOk, udpPayloadSize: udpPayloadSize);
        return edns ? query : query with { Edns = null };
    }

    public static async Task<DnsMessage> UdpAsync(IPEndPoint server, DnsMessage query)
    {
        byte[] reply = await UdpRawAsync(server, query.Encode(), ReplyTimeout) ?? throw new TimeoutException($"No UDP answer to {query.Question}.");
        return DnsMessage.Decode(reply);
    }

    /// <summary>Sends raw octets; null when nothing comes back within <paramref name="wait"/>.</summary>
    public static async Task<byte[]?> UdpRawAsync(IPEndPoint server, byte[] query, TimeSpan wait)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(query, SocketFlags.None);
        byte[] buffer = new byte[ushort.MaxValue];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return buffer[..n];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            // ICMP port unreachable: nobody listens (yet).
            return null;
        }
    }

    public static async Task<DnsMessage> TcpAsync(IPEndPoint server, DnsMessage query) => (await TcpPipelinedAsync(server, [query]))[0];

    /// <summary>Writes every query at once on one connection (RFC 7766 §6.2.1.1), then reads as many responses.</summary>
    public static async Task<IReadOnlyList<DnsMessage>> TcpPipelinedAsync(IPEndPoint server, IReadOnlyList<DnsMessage> queries)
    {
        byte[][] raw = await TcpRawAsync(server, queries.Select(q => q.Encode()).ToList(), queries.Count);
        return raw.Select(r => DnsMessage.Decode(r)).ToList();
    }

    public static async Task<byte[][]> TcpRawAsync(IPEndPoint server, IReadOnlyList<byte[]> queries, int expectedReplies)
    {
        using var client = new TcpClient(server.AddressFamily);
        using var cts = new CancellationTokenSource(ReplyTimeout);
        await client.ConnectAsync(server, cts.Token);
        NetworkStream stream = client.GetStream();
        var all = new MemoryStream();
        foreach (byte[] q in queries)
        {
            byte[] prefix = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)q.Length);
            all.Write(prefix);
            all.Write(q);
        }

        await stream.WriteAsync(all.ToArray(), cts.Token);
        var replies = new byte[expectedReplies][];
        for (int i = 0; i < expectedReplies; i++)
        {
            byte[] prefix = new byte[2];
            await stream.ReadExactlyAsync(prefix, cts.Token);
            replies[i] = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(replies[i], cts.Token);
        }

        return replies;
    }
}
