using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace DaneTesting;

/// <summary>
/// A TCP listener on 127.0.0.1 with a port it picks (or one the caller started), handing each accepted connection to a
/// handler until disposed.
/// The connection is closed when the handler returns; a client that refuses the handshake or goes away ends only
/// its own connection.
/// </summary>
public sealed class LoopbackAcceptLoop : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<TcpClient, CancellationToken, Task> _serve;
    private readonly TimeSpan _connectionTimeout;
    private readonly Task _loop;

    /// <param name="serve">Serves one connection; the token ends at dispose or after <paramref name="connectionTimeout"/>.</param>
    /// <param name="connectionTimeout">How long one connection may last (30 s when not given; <see cref="Timeout.InfiniteTimeSpan"/>: until dispose).</param>
    /// <param name="startedListener">A listener the caller bound and started (to share a port with a UDP socket); the loop stops it on dispose.</param>
    public LoopbackAcceptLoop(Func<TcpClient, CancellationToken, Task> serve, TimeSpan? connectionTimeout = null, TcpListener? startedListener = null)
    {
        _serve = serve;
        _connectionTimeout = connectionTimeout ?? TimeSpan.FromSeconds(30);
        if (startedListener is null)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
        }
        else
        {
            _listener = startedListener;
        }

        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>What a refused handshake or a vanished peer throws: the end of that connection, not a test failure.</summary>
    public static bool IsConnectionEnd(Exception e) =>
        e is IOException or OperationCanceledException or AuthenticationException or ObjectDisposedException or SocketException;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(_connectionTimeout);
                await _serve(client, timeout.Token);
            }
            catch (Exception e) when (IsConnectionEnd(e))
            {
                // The client refused the certificate or went away: what the refusal tests expect.
            }
        }
    }
}
