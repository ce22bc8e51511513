using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using DnsSecure.Diagnostics;
using DnsSecure.Wire;

namespace DnsSecure.Transport;

/// <summary>
/// One TCP or TLS connection to a server, shared by concurrent queries (RFC 7766 §6.2.1.1 pipelining): each query
/// gets an ID unique on the connection, one reader loop dispatches responses by ID in whatever order they come
/// (RFC 7766 §7), and the connection closes itself after an idle period (RFC 7766 §6.2.3).
/// </summary>
internal sealed class StreamConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly TransportSettings _settings;
    private readonly NameServer _server;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, Pending> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly ITimer _idleTimer;
    private readonly Lock _gate = new();
    private long _lastActivity;
    private int _closed;

    private StreamConnection(Stream stream, NameServer server, TransportSettings settings)
    {
        _stream = stream;
        _server = server;
        _settings = settings;
        _lastActivity = settings.TimeProvider.GetTimestamp();
        _idleTimer = settings.TimeProvider.CreateTimer(static s => ((StreamConnection)s!).OnIdleTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = Task.Run(ReadLoopAsync);
        ArmIdleTimer();
    }

    /// <summary>Raised once, when the connection has closed for any reason.</summary>
    public event Action<StreamConnection>? Closed;

    /// <summary>True once the connection is closed (by us, by the peer or by an error).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Queries written and not yet answered.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Connects (and for DoT, handshakes and authenticates) within <paramref name="cancellationToken"/>'s deadline.</summary>
    /// <exception cref="SocketException">The connection failed.</exception>
    /// <exception cref="AuthenticationException">Strict DoT authentication failed.</exception>
    public static async Task<StreamConnection> OpenAsync(NameServer server, TransportSettings settings, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(server.EndPoint, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (server.Protocol == DnsTransportProtocol.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var validator = new TlsServerAuthenticator(server, settings.Logger);
                var options = new SslClientAuthenticationOptions
                {
                    // RFC 8310 §8: the authentication domain name is the name checked and sent as SNI.
                    TargetHost = server.TlsHostName ?? server.EndPoint.Address.ToString(),
                    RemoteCertificateValidationCallback = validator.Validate,
                    EnabledSslProtocols = SslProtocols.None, // the platform's secure defaults (TLS 1.2+, RFC 8310 §9)
                };
                await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            }

            return new StreamConnection(stream, server, settings);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Sends the query with an ID unique on this connection and waits for its response.</summary>
    public async ValueTask<ExchangeResult> ExchangeAsync(DnsMessage query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return ExchangeResult.Failure(ExchangeOutcome.ConnectionClosed);
        }

        var pending = new Pending(query);
        ushort id;
        do
        {
            // RFC 7766 §7: IDs must be unique among the queries outstanding on one connection.
            id = UdpTransport.NewId();
        }
        while (!_pending.TryAdd(id, pending));

        pending.Query = query with { Id = id };
        DisarmIdleTimer();
        try
        {
            byte[] body = pending.Query.Encode();
            byte[] frame = new byte[body.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length); // RFC 1035 §4.2.2 length prefix
            body.CopyTo(frame, 2);

            using var deadline = new CancellationTokenSource(timeout, _settings.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken, _closing.Token);
            try
            {
                await _writeLock.WaitAsync(linked.Token).ConfigureAwait(false);
                try
                {
                    // The frame is written in one call so that pipelined queries never interleave.
                    await _stream.WriteAsync(frame, linked.Token).ConfigureAwait(false);
                    await _stream.FlushAsync(linked.Token).ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }

                DnsMessage? response = await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                return response is null ? ExchangeResult.Failure(ExchangeOutcome.ConnectionClosed) : ExchangeResult.From(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return _closing.IsCancellationRequested ? ExchangeResult.Failure(ExchangeOutcome.ConnectionClosed) : ExchangeResult.Timeout;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                Close();
                return ExchangeResult.Failure(ExchangeOutcome.ConnectionClosed);
            }
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<ushort, Pending>(id, pending));
            Touch();
            ArmIdleTimer();
        }
    }

    /// <summary>Closes the connection; pending queries complete as <see cref="ExchangeOutcome.ConnectionClosed"/>.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _closing.Cancel();
        lock (_gate)
        {
            _idleTimer.Dispose();
        }

        _stream.Dispose();
        foreach (KeyValuePair<ushort, Pending> p in _pending)
        {
            p.Value.Completion.TrySetResult(null);
        }

        Log.ConnectionClosed(_settings.Logger, _server.EndPoint, _server.Protocol);
        Closed?.Invoke(this);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Close();
        _closing.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadLoopAsync()
    {
        byte[] prefix = new byte[2];
        try
        {
            while (!IsClosed)
            {
                await _stream.ReadExactlyAsync(prefix, _closing.Token).ConfigureAwait(false);
                int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                if (length < 12 || length > _settings.MaxStreamMessageSize)
                {
                    // Not a DNS message: the stream can no longer be trusted to be in sync.
                    Log.ResponseIgnored(_settings.Logger, _server.EndPoint, "bad stream frame length");
                    break;
                }

                byte[] body = new byte[length];
                await _stream.ReadExactlyAsync(body, _closing.Token).ConfigureAwait(false);
                Touch();
                ushort id = BinaryPrimitives.ReadUInt16BigEndian(body);
                if (_pending.TryGetValue(id, out Pending? pending)
                    && DnsMessage.TryDecode(body, out DnsMessage? response)
                    && ResponseMatcher.Matches(pending.Query, response))
                {
                    pending.Completion.TrySetResult(response);
                }
                else
                {
                    Log.ResponseIgnored(_settings.Logger, _server.EndPoint, "unmatched stream response");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException or AuthenticationException)
        {
            // The peer closed the connection or it broke; pending queries learn it below.
        }
        finally
        {
            Close();
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _settings.TimeProvider.GetTimestamp());

    private void ArmIdleTimer()
    {
        lock (_gate)
        {
            if (!IsClosed && _pending.IsEmpty)
            {
                _idleTimer.Change(_settings.TcpIdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void DisarmIdleTimer()
    {
        lock (_gate)
        {
            if (!IsClosed)
            {
                _idleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnIdleTimer()
    {
        lock (_gate)
        {
            TimeSpan idle = _settings.TimeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity));
            if (!_pending.IsEmpty || IsClosed)
            {
                return;
            }

            if (idle < _settings.TcpIdleTimeout)
            {
                _idleTimer.Change(_settings.TcpIdleTimeout - idle, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        Log.ConnectionIdle(_settings.Logger, _server.EndPoint, _server.Protocol);
        Close();
    }

    private sealed class Pending(DnsMessage query)
    {
        public DnsMessage Query { get; set; } = query;

        public TaskCompletionSource<DnsMessage?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
