using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmtpDane;

/// <summary>
/// A tiny ESMTP receiver on a loopback address for the demonstration: banner, EHLO (advertising STARTTLS), STARTTLS with its
/// certificate (RFC 3207), MAIL / RCPT / DATA accepted, QUIT. It remembers the commands it got and the messages it accepted.
/// </summary>
public sealed class MailReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    private MailReceiver(string name, TcpListener listener, X509Certificate2 certificate)
    {
        Name = name;
        _listener = listener;
        _certificate = certificate;
        _accepting = AcceptAsync();
    }

    /// <summary>The name the receiver gives in its banner.</summary>
    public string Name { get; }

    /// <summary>Where it listens.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>How many TCP connections it accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The command lines received, in order ("EHLO …", "STARTTLS", "MAIL FROM:…" …).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>The messages accepted (content as received, dot-stuffing removed).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0 picks a port).</summary>
    public static MailReceiver Start(string name, IPAddress address, int port, X509Certificate2 certificate)
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return new MailReceiver(name, listener, certificate);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_sessions).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _sessions.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            try
            {
                await WriteAsync(stream, $"220 {Name} ESMTP demo receiver\r\n").ConfigureAwait(false);
                bool tls = false;
                while (true)
                {
                    string line = await ReadLineAsync(stream).ConfigureAwait(false);
                    Commands.Enqueue(line);
                    string verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    if (verb == "EHLO")
                    {
                        await WriteAsync(stream, $"250-{Name}\r\n" + (tls ? string.Empty : "250-STARTTLS\r\n") + "250 8BITMIME\r\n").ConfigureAwait(false);
                    }
                    else if (verb == "STARTTLS" && !tls)
                    {
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n").ConfigureAwait(false);
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token).ConfigureAwait(false);
                        stream = ssl;
                        tls = true;
                    }
                    else if (verb == "DATA")
                    {
                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>\r\n").ConfigureAwait(false);
                        var message = new StringBuilder();
                        for (string data = await ReadLineAsync(stream).ConfigureAwait(false); data != "."; data = await ReadLineAsync(stream).ConfigureAwait(false))
                        {
                            message.Append(data.StartsWith('.') ? data[1..] : data).Append('\n');
                        }

                        Messages.Enqueue(message.ToString());
                        await WriteAsync(stream, $"250 2.0.0 Ok: queued by {Name}\r\n").ConfigureAwait(false);
                    }
                    else if (verb == "QUIT")
                    {
                        await WriteAsync(stream, "221 2.0.0 Bye\r\n").ConfigureAwait(false);
                        return;
                    }
                    else
                    {
                        await WriteAsync(stream, verb is "MAIL" or "RCPT" or "RSET" or "NOOP" ? "250 2.0.0 Ok\r\n" : "502 5.5.2 Command not recognized\r\n").ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The client hung up (for instance after refusing our certificate).
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ReadLineAsync(Stream stream)
    {
        // One octet at a time, so nothing after STARTTLS is read before the TLS handshake.
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 4096)
        {
            if (await stream.ReadAsync(one, _stop.Token).ConfigureAwait(false) == 0)
            {
                throw new EndOfStreamException();
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }

        throw new IOException("line too long");
    }

    private async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).ConfigureAwait(false);
        await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
    }
}
