using System.Runtime.CompilerServices;

namespace DaneHttp.Http;

/// <summary>
/// Wraps a pooled connection's stream so that it ends when the data that authenticated it expires: at
/// <c>validUntil</c> the inner stream is closed, a pending or new read reports end-of-stream (so the connection pool
/// drops the connection as closed) and writes fail. A TLSA rollover thus takes effect within one TTL. Before that,
/// reads and writes go straight to the inner stream: no per-request work.
/// </summary>
internal sealed class ExpiringStream : Stream
{
    private readonly Stream _inner;
    private readonly ITimer _timer;
    private Task<EndpointTrust>? _pendingTrust;
    private int _writes;
    private int _expired;

    public ExpiringStream(Stream inner, DateTimeOffset validUntil, TimeProvider timeProvider)
    {
        _inner = inner;
        TimeSpan due = validUntil - timeProvider.GetUtcNow();
        _timer = timeProvider.CreateTimer(static s => ((ExpiringStream)s!).Expire(), this, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A stream whose TLSA data is still being looked up while the connection is made and its TLS handshake starts. The
    /// first write (the ClientHello) goes out at once; every later write (the client's Finished flight, then requests)
    /// waits for the lookup and fails with its exception if it refused, so no TLS handshake completes and no request is
    /// sent before DNS has answered. The stream ends at the data's expiry once it arrives.
    /// </summary>
    public ExpiringStream(Stream inner, Task<EndpointTrust> trust, TimeProvider timeProvider)
    {
        _inner = inner;
        _pendingTrust = trust;
        _timer = timeProvider.CreateTimer(static s => ((ExpiringStream)s!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = trust.ContinueWith(
            static (t, s) =>
            {
                var (stream, time) = ((ExpiringStream, TimeProvider))s!;
                stream.OnTrust(t, time);
            },
            (this, timeProvider),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public bool IsExpired => Volatile.Read(ref _expired) != 0;

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (IsExpired)
        {
            return ValueTask.FromResult(0);
        }

        ValueTask<int> read = _inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? read : AwaitReadAsync(read, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => IsExpired ? 0 : _inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfExpired();
        if (MustWaitForTrust())
        {
            return WriteAfterTrustAsync(buffer, cancellationToken);
        }

        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        ThrowIfExpired();
        if (MustWaitForTrust())
        {
            _pendingTrust!.GetAwaiter().GetResult();
        }

        _inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AwaitReadAsync(ValueTask<int> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (Exception e) when (IsExpired && !cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException)
        {
            // The expiry closed the inner stream under this read: the connection ends like a closed one.
            return 0;
        }
    }

    /// <summary>True while the TLSA answer is outstanding (or refused) and this is not the connection's first write.</summary>
    private bool MustWaitForTrust()
    {
        if (Volatile.Read(ref _pendingTrust) is not { } pending)
        {
            return false;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Volatile.Write(ref _pendingTrust, null);
            return false;
        }

        return Interlocked.Increment(ref _writes) > 1;
    }

    private async ValueTask WriteAfterTrustAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        // Throws the lookup's refusal (a DaneAuthenticationException) when DNS forbids the connection.
        await _pendingTrust!.WaitAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfExpired();
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private void OnTrust(Task<EndpointTrust> trust, TimeProvider timeProvider)
    {
        if (!trust.IsCompletedSuccessfully)
        {
            // Every write after the ClientHello throws the lookup's refusal: the connection can never carry a request.
            return;
        }

        TimeSpan due = trust.Result.ValidUntil - timeProvider.GetUtcNow();
        try
        {
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection was closed before its TLSA data arrived.
        }
    }

    private void Expire()
    {
        if (Interlocked.Exchange(ref _expired, 1) == 0)
        {
            _inner.Dispose();
        }
    }

    private void ThrowIfExpired()
    {
        if (IsExpired)
        {
            throw new IOException("The TLSA data that authenticated this connection has expired; the connection is closed.");
        }
    }
}
