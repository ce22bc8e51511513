namespace DaneHttp.Http;

/// <summary>
/// Wraps a pooled connection's stream so that it ends when the data that authenticated it expires: after
/// <c>validUntil</c>, a pending or new read reports end-of-stream (so the connection pool drops the connection as closed)
/// and writes fail. A TLSA rollover thus takes effect within one TTL.
/// </summary>
internal sealed class ExpiringStream : Stream
{
    private readonly Stream _inner;
    private readonly CancellationTokenSource _expired;
    private readonly ITimer _timer;

    public ExpiringStream(Stream inner, DateTimeOffset validUntil, TimeProvider timeProvider)
    {
        _inner = inner;
        _expired = new CancellationTokenSource();
        TimeSpan due = validUntil - timeProvider.GetUtcNow();
        _timer = timeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), _expired, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    public bool IsExpired => _expired.IsCancellationRequested;

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (IsExpired)
        {
            return 0;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _expired.Token);
        try
        {
            return await _inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && IsExpired)
        {
            return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => IsExpired ? 0 : _inner.Read(buffer, offset, count);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfExpired();
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        ThrowIfExpired();
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
            _expired.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        _expired.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfExpired()
    {
        if (IsExpired)
        {
            throw new IOException("The TLSA data that authenticated this connection has expired; the connection is closed.");
        }
    }
}
