using System.Net.Security;

namespace DaneSockets.Tls;

/// <summary>An authenticated TLS connection and how it was authenticated.</summary>
public sealed class DaneConnection : IAsyncDisposable, IDisposable
{
    internal DaneConnection(SslStream stream, DaneConnectionResult result)
    {
        Stream = stream;
        Result = result;
    }

    /// <summary>The TLS stream, authenticated as <see cref="Result"/> says.</summary>
    public SslStream Stream { get; }

    /// <summary>What matched, the DNSSEC verdicts and the decision.</summary>
    public DaneConnectionResult Result { get; }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Stream.Dispose();
}
