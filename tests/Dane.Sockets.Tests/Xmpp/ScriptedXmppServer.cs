using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneSockets.Tests.Xmpp;

/// <summary>
/// A minimal XMPP server on 127.0.0.1 (port picked by the system) that plays a script: it answers the client's stream header
/// with <see cref="Header"/> + <see cref="Features"/>, answers <c>&lt;starttls/&gt;</c> with <see cref="StartTlsAnswer"/>,
/// then runs TLS with <see cref="Certificate"/> and writes <see cref="Greeting"/>. With <see cref="DirectTls"/> it starts with TLS.
/// </summary>
internal sealed class ScriptedXmppServer : IAsyncDisposable
{
    public const string Greeting = "<stream:stream after TLS/>";
    public const string DefaultHeader =
        "<?xml version='1.0'?><stream:stream from='example' id='s1' version='1.0' xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    public const string StartTlsFeatures =
        "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>" +
        "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    public const string Proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _received = new();
    private Task _loop = Task.CompletedTask;

    public string Header { get; init; } = DefaultHeader;

    public string Features { get; init; } = StartTlsFeatures;

    public string StartTlsAnswer { get; init; } = Proceed;

    public X509Certificate2? Certificate { get; init; }

    public bool DirectTls { get; init; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Everything the clients sent before TLS.</summary>
    public string Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToString();
            }
        }
    }

    /// <summary>The SNI name and ALPN protocol of the last TLS handshake.</summary>
    public string? ServerName { get; private set; }

    public SslApplicationProtocol? Alpn { get; private set; }

    public int Connections { get; private set; }

    public ScriptedXmppServer Start()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
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

            Connections++;
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                if (!DirectTls)
                {
                    await ReadUntilAsync(stream, "'>", "\">");
                    await WriteAsync(stream, Header + Features);
                    if (!Features.Contains("starttls", StringComparison.Ordinal))
                    {
                        await ReadUntilAsync(stream, "</stream:stream>");
                        return;
                    }

                    await ReadUntilAsync(stream, "/>");
                    await WriteAsync(stream, StartTlsAnswer);
                    if (!StartTlsAnswer.StartsWith("<proceed", StringComparison.Ordinal) || Certificate is null)
                    {
                        await ReadUntilAsync(stream, "</stream:stream>");
                        return;
                    }
                }

                await using var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = Certificate,
                    ApplicationProtocols = [new SslApplicationProtocol("xmpp-client"), new SslApplicationProtocol("xmpp-server")],
                }, _stop.Token);
                ServerName = ssl.TargetHostName;
                Alpn = ssl.NegotiatedApplicationProtocol;
                await ssl.WriteAsync(Encoding.UTF8.GetBytes(Greeting), _stop.Token);
                await ssl.FlushAsync(_stop.Token);
                await ssl.ShutdownAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // The client went away or refused the certificate: expected in refusal tests.
            }
        }
    }

    private async Task ReadUntilAsync(Stream stream, params string[] markers)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1];
        while (!Array.Exists(markers, m => seen.ToString().EndsWith(m, StringComparison.Ordinal)))
        {
            if (await stream.ReadAsync(buffer, _stop.Token) == 0)
            {
                throw new IOException("client closed");
            }

            seen.Append((char)buffer[0]);
            lock (_received)
            {
                _received.Append((char)buffer[0]);
            }
        }
    }

    private async Task WriteAsync(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }
}
