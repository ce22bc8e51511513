using System.Net;
using System.Net.Sockets;
using DaneSockets.Tls;

namespace DaneSockets.Tests.Tls;

/// <summary>Connection racing (RFC 8305) on loopback addresses only.</summary>
public sealed class HappyEyeballsConnectorTests
{
    private static readonly IPAddress Listening = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Refusing = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Connect_FirstAddressRefuses_ConnectsToTheSecond()
    {
        var listener = new TcpListener(Listening, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            // A long attempt delay: only the refusal of the first address can start the second attempt in time.
            var options = new HappyEyeballsOptions { ConnectionAttemptDelay = TimeSpan.FromMinutes(5) };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

            using Socket socket = await HappyEyeballsConnector.ConnectAsync([Refusing, Listening], port, options, cts.Token);

            Assert.Equal(new IPEndPoint(Listening, port), socket.RemoteEndPoint);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Connect_EveryAddressRefuses_ThrowsWithOneFailurePerAddress()
    {
        var listener = new TcpListener(Listening, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Assert.ThrowsAsync<AggregateException>(() =>
            HappyEyeballsConnector.ConnectAsync([Refusing, Listening], port, HappyEyeballsOptions.Default, CancellationToken.None));

        Assert.Equal(2, e.InnerExceptions.Count);
        Assert.All(e.InnerExceptions, x => Assert.IsType<SocketException>(x, exactMatch: false));
    }

    [Fact]
    public void Interleave_MixedFamilies_AlternatesStartingWithIpv6()
    {
        IPAddress v4a = IPAddress.Parse("127.0.0.2"), v4b = IPAddress.Parse("127.0.0.3"), v4c = IPAddress.Parse("127.0.0.4");
        IPAddress v6 = IPAddress.IPv6Loopback;

        IReadOnlyList<IPAddress> ordered = HappyEyeballsConnector.Interleave([v4a, v4b, v6, v4c]);

        Assert.Equal([v6, v4a, v4b, v4c], ordered);
    }
}
