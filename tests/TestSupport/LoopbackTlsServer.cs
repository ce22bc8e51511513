using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneTesting;

/// <summary>
/// A TLS server on 127.0.0.1 with a port it picks. Each connection gets the handshake with the current certificate
/// (switchable between connections with <see cref="Present"/>), then what the server was started for: one line and
/// the close (<see cref="Start"/>), or one HTTP/1.1 answer with <c>Connection: close</c> (<see cref="StartHttp"/>), so
/// every HTTP request is a new connection and a new handshake.
/// </summary>
public sealed class LoopbackTlsServer : IAsyncDisposable
{
    /// <summary>The line a <see cref="Start"/> server sends after the handshake.</summary>
    public const string Greeting = "hello from the test server\n";

    /// <summary>The body of a <see cref="StartHttp"/> server's answers.</summary>
    public const string HttpBody = "ok";

    private readonly LoopbackAcceptLoop _loop;
    private readonly Func<SslStream, CancellationToken, Task> _afterHandshake;
    private SslStreamCertificateContext _current;
    private int _handshakes;
    private string? _lastServerName;

    private LoopbackTlsServer(X509Certificate2 leaf, X509Certificate2[] chain, Func<SslStream, CancellationToken, Task> afterHandshake)
    {
        _current = Context(leaf, chain);
        _afterHandshake = afterHandshake;
        _loop = new LoopbackAcceptLoop(ServeAsync);
    }

    public int Port => _loop.Port;

    /// <summary>Handshakes completed (from the server's side).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>The SNI name of the last handshake.</summary>
    public string? LastServerName => Volatile.Read(ref _lastServerName);

    /// <summary>Sends <see cref="Greeting"/> after each handshake, then closes.</summary>
    public static LoopbackTlsServer Start(X509Certificate2 leaf, params X509Certificate2[] chain) => new(leaf, chain, SendGreetingAsync);

    /// <summary>Answers one HTTP request per connection with <see cref="HttpBody"/>, then closes.</summary>
    public static LoopbackTlsServer StartHttp(X509Certificate2 leaf, params X509Certificate2[] chain) =>
        new(leaf, chain, (ssl, cancellationToken) => HttpExchange.AnswerOneAsync(ssl, HttpBody, cancellationToken));

    /// <summary>Presents another certificate (and chain) from the next handshake on.</summary>
    public void Present(X509Certificate2 leaf, params X509Certificate2[] chain) => Volatile.Write(ref _current, Context(leaf, chain));

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private static SslStreamCertificateContext Context(X509Certificate2 leaf, X509Certificate2[] chain) =>
        SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain), offline: true);

    private static async Task SendGreetingAsync(SslStream ssl, CancellationToken cancellationToken)
    {
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(Greeting), cancellationToken);
        await ssl.FlushAsync(cancellationToken);
        await ssl.ShutdownAsync();
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = Volatile.Read(ref _current) }, cancellationToken);
        Interlocked.Increment(ref _handshakes);
        Volatile.Write(ref _lastServerName, ssl.TargetHostName);
        await _afterHandshake(ssl, cancellationToken);
    }
}
