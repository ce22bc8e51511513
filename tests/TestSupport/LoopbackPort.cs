using System.Net;
using System.Net.Sockets;

namespace DaneTesting;

/// <summary>Picks a port that is free for both UDP and TCP on a loopback address (checked by binding both).</summary>
public static class LoopbackPort
{
    private const int Attempts = 50;

    public static int PickFree(IPAddress address)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
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

        throw new InvalidOperationException($"No port free for both UDP and TCP found on {address}.");
    }
}
