namespace DaneSockets.StartTls;

/// <summary>
/// The read side of the plaintext XMPP exchange as the XML parser sees it: at most a fixed number of octets, every read bound
/// to the exchange's cancellation token (XmlReader passes none), and disposing it leaves the connection open for TLS.
/// </summary>
internal sealed class XmppBoundedStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private readonly CancellationToken _cancellationToken;

    public XmppBoundedStream(Stream inner, long limit, CancellationToken cancellationToken)
    {
        _inner = inner;
        _limit = limit;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Octets read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read was refused because the limit was reached.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        int read = _inner.Read(buffer[..Limit(buffer.Length)]);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        int read = await _inner.ReadAsync(buffer[..Limit(buffer.Length)], linked.Token).ConfigureAwait(false);
        BytesRead += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The connection belongs to the caller (TLS runs on it next): the inner stream is not disposed.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    private int Limit(int requested)
    {
        long left = _limit - BytesRead;
        if (left <= 0)
        {
            LimitExceeded = true;
            throw new IOException($"The server sent more than {_limit} octets before TLS.");
        }

        return (int)Math.Min(requested, left);
    }
}
