using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneSockets.Tests.StartTls;

/// <summary>
/// A TCP server on a loopback address that runs a script against each client: the script reads lines, writes raw text and may
/// switch the connection to TLS. What the clients sent is kept for assertions; exceptions in a script end that connection.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _loop;
    private int _disposed;

    private ScriptedServer(TcpListener listener, Func<ScriptedConnection, Task> script)
    {
        _listener = listener;
        _script = script;
        _loop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Port => EndPoint.Port;

    /// <summary>Every line received, from every connection, in order of arrival.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>How many connections were accepted.</summary>
    public int Connections => _connections.Count;

    public static ScriptedServer Start(Func<ScriptedConnection, Task> script, IPAddress? address = null, int port = 0)
    {
        var listener = new TcpListener(address ?? IPAddress.Loopback, port);
        listener.Start();
        return new ScriptedServer(listener, script);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
            await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

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

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var connection = new ScriptedConnection(client.GetStream(), Received, _stop.Token);
            try
            {
                await _script(connection);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or EndOfStreamException)
            {
                // The client went away or refused the certificate: part of several tests.
            }
            finally
            {
                await connection.Stream.DisposeAsync();
            }
        }
    }
}

/// <summary>One client connection as the script sees it.</summary>
internal sealed class ScriptedConnection(Stream stream, ConcurrentQueue<string> received, CancellationToken stop)
{
    public Stream Stream { get; private set; } = stream;

    public bool IsTls => Stream is SslStream;

    /// <summary>Reads one line (without CRLF) byte by byte, so nothing past it is consumed.</summary>
    /// <exception cref="EndOfStreamException">The client closed the connection.</exception>
    public async Task<string> ReadLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await Stream.ReadAsync(one, stop) == 0)
            {
                throw new EndOfStreamException();
            }

            if (one[0] == '\n')
            {
                string line = Encoding.Latin1.GetString([.. bytes]).TrimEnd('\r');
                received.Enqueue(line);
                return line;
            }

            bytes.Add(one[0]);
        }
    }

    /// <summary>Writes <paramref name="text"/> as it is (the script supplies the CRLFs).</summary>
    public async Task WriteAsync(string text)
    {
        await Stream.WriteAsync(Encoding.Latin1.GetBytes(text), stop);
        await Stream.FlushAsync(stop);
    }

    /// <summary>Runs the server side of a TLS handshake and continues on the TLS stream.</summary>
    public async Task StartTlsAsync(X509Certificate2 certificate)
    {
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
        Stream = ssl;
    }
}
