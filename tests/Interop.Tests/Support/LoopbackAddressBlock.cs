using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>
/// Picks loopback addresses 127.a.b.1 … 127.a.b.n (a and b random) on which one port — 53 for servers a recursive
/// resolver reaches from root hints and glue, which carry no port — is free for UDP and TCP on every address.
/// Binding port 53 needs root (or CAP_NET_BIND_SERVICE); without it the test fails saying so.
/// </summary>
public static class LoopbackAddressBlock
{
    public static IReadOnlyList<IPAddress> PickFree(int count, int port = 53)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 254);
        SocketException? last = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int a = RandomNumberGenerator.GetInt32(100, 200), b = RandomNumberGenerator.GetInt32(0, 256);
            var addresses = Enumerable.Range(1, count).Select(i => new IPAddress(new byte[] { 127, (byte)a, (byte)b, (byte)i })).ToList();
            try
            {
                foreach (IPAddress address in addresses)
                {
                    using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    tcp.Bind(new IPEndPoint(address, port));
                    using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Bind(new IPEndPoint(address, port));
                }

                return addresses;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                last = e;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
            {
                throw new InvalidOperationException($"Binding port {port} on loopback needs root (or CAP_NET_BIND_SERVICE): {e.Message}", e);
            }
        }

        throw new InvalidOperationException($"No block of {count} loopback addresses with port {port} free was found.", last);
    }
}
