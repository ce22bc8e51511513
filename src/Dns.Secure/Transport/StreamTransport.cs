using System.Net.Sockets;
using System.Security.Authentication;
using DnsSecure.Diagnostics;

namespace DnsSecure.Transport;

/// <summary>
/// Queries over TCP and TLS with one reusable connection per server (RFC 7766 §6.2.1), pipelined.
/// A query whose connection closes under it is retried once on a new connection (RFC 7766 §6.2.4).
/// </summary>
internal sealed class StreamTransport(TransportSettings settings) : IAsyncDisposable
{
    private readonly Dictionary<(System.Net.IPEndPoint EndPoint, DnsTransportProtocol Protocol, string? Host), Task<StreamConnection>> _connections = [];
    private readonly Lock _gate = new();
    private int _connectionsOpened;

    /// <summary>How many connections this transport has opened (for diagnostics and tests).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>Sends <paramref name="query"/> to <paramref name="server"/> over its stream transport (TCP for UDP servers).</summary>
    public async ValueTask<ExchangeResult> ExchangeAsync(DnsMessage query, NameServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long started = settings.TimeProvider.GetTimestamp();
        for (int attempt = 0; ; attempt++)
        {
            TimeSpan remaining = timeout - settings.TimeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return ExchangeResult.Timeout;
            }

            StreamConnection connection;
            try
            {
                connection = await GetConnectionAsync(server, remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ExchangeResult.Timeout;
            }
            catch (AuthenticationException)
            {
                return ExchangeResult.Failure(ExchangeOutcome.TlsAuthenticationFailed);
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                Log.NetworkError(settings.Logger, server.EndPoint, server.Protocol, ex);
                return ExchangeResult.Failure(ExchangeOutcome.NetworkError);
            }

            remaining = timeout - settings.TimeProvider.GetElapsedTime(started);
            ExchangeResult result = await connection.ExchangeAsync(query, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (result.Outcome == ExchangeOutcome.ConnectionClosed && attempt == 0)
            {
                // RFC 7766 §6.2.4: the server may close an idle or busy connection; retry once on a fresh one.
                Forget(server, connection);
                continue;
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<Task<StreamConnection>> all;
        lock (_gate)
        {
            all = [.. _connections.Values];
            _connections.Clear();
        }

        foreach (Task<StreamConnection> task in all)
        {
            if (task.IsCompletedSuccessfully)
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static (System.Net.IPEndPoint, DnsTransportProtocol, string?) KeyOf(NameServer server) =>
        (server.EndPoint, server.Protocol == DnsTransportProtocol.Tls ? DnsTransportProtocol.Tls : DnsTransportProtocol.Tcp, server.TlsHostName);

    private async Task<StreamConnection> GetConnectionAsync(NameServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var key = KeyOf(server);
        Task<StreamConnection> task;
        lock (_gate)
        {
            if (!_connections.TryGetValue(key, out task!) || task.IsFaulted || task.IsCanceled || (task.IsCompletedSuccessfully && task.Result.IsClosed))
            {
                task = OpenAsync(server, timeout);
                _connections[key] = task;
            }
        }

        try
        {
            return await task.WaitAsync(timeout, settings.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new OperationCanceledException("Connecting timed out.");
        }
    }

    private async Task<StreamConnection> OpenAsync(NameServer server, TimeSpan timeout)
    {
        // The connection is shared, so its setup is not tied to the first caller's cancellation, only to a deadline.
        using var deadline = new CancellationTokenSource(timeout, settings.TimeProvider);
        StreamConnection connection = await StreamConnection.OpenAsync(server, settings, deadline.Token).ConfigureAwait(false);
        Interlocked.Increment(ref _connectionsOpened);
        connection.Closed += c => Forget(server, c);
        Log.ConnectionOpened(settings.Logger, server.EndPoint, server.Protocol);
        return connection;
    }

    private void Forget(NameServer server, StreamConnection connection)
    {
        var key = KeyOf(server);
        lock (_gate)
        {
            if (_connections.TryGetValue(key, out Task<StreamConnection>? current) && current.IsCompletedSuccessfully && ReferenceEquals(current.Result, connection))
            {
                _connections.Remove(key);
            }
        }
    }
}
