using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DaneHttp.Tests;

/// <summary>
/// A real HTTP CONNECT proxy on 127.0.0.1 (one tunnel per connection), recording what it was asked to reach. With
/// <c>divertToPort</c> it tunnels every CONNECT to that loopback port instead, as an intercepting proxy does.
/// </summary>
internal sealed class LoopbackConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly int? _divertToPort;

    public LoopbackConnectProxy(int? divertToPort = null)
    {
        _divertToPort = divertToPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public List<string> ConnectTargets { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => TunnelAsync(client));
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream downstream = client.GetStream();
            var head = new StringBuilder();
            byte[] one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await downstream.ReadAsync(one) == 0)
                {
                    return;
                }

                head.Append((char)one[0]);
            }

            string[] requestLine = head.ToString().Split("\r\n")[0].Split(' ');
            if (requestLine[0] != "CONNECT")
            {
                await downstream.WriteAsync("HTTP/1.1 405 Method Not Allowed\r\n\r\n"u8.ToArray());
                return;
            }

            lock (ConnectTargets)
            {
                ConnectTargets.Add(requestLine[1]);
            }

            string[] hostPort = requestLine[1].Split(':');
            using var upstream = new TcpClient();
            // The proxy reaches only loopback: the test's origin servers live there.
            await upstream.ConnectAsync(IPAddress.Loopback, _divertToPort ?? int.Parse(hostPort[^1], System.Globalization.CultureInfo.InvariantCulture));
            await downstream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray());
            NetworkStream up = upstream.GetStream();
            await Task.WhenAny(up.CopyToAsync(downstream), downstream.CopyToAsync(up));
        }
    }
}
