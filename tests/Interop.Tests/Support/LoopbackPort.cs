using System.Net;
using System.Net.Sockets;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>Picks a port that is free for both UDP and TCP on a loopback address.</summary>
public static class LoopbackPort
{
    public static int PickFree(IPAddress address)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP; try another.
            }
        }

        throw new InvalidOperationException("No free loopback port found.");
    }
}
