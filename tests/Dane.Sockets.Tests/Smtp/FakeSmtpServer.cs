using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.Tests.StartTls;

namespace DaneSockets.Tests.Smtp;

/// <summary>
/// A small ESMTP receiver on a loopback address (RFC 5321, RFC 3207) for the client tests: it advertises STARTTLS when it has
/// a certificate, accepts every envelope, and keeps the commands and messages it received.
/// </summary>
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly ScriptedServer _server;

    private FakeSmtpServer(IPAddress address, int port, X509Certificate2? certificate, int startTlsReply)
    {
        _server = ScriptedServer.Start(c => ServeAsync(c, certificate, startTlsReply), address, port);
    }

    public IPEndPoint EndPoint => _server.EndPoint;

    /// <summary>Advertise SMTPUTF8 (RFC 6531) in the EHLO reply.</summary>
    public bool AdvertiseSmtpUtf8 { get; set; }

    /// <summary>Advertise STARTTLS (with or without a certificate) and answer 220, then send garbage instead of a handshake.</summary>
    public bool BreakTls { get; set; }

    /// <summary>How many connections were accepted.</summary>
    public int Connections => _server.Connections;

    /// <summary>Every command line received (message data excluded), as Latin-1: UTF-8 octets appear one character each.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>The messages received, as the lines between DATA and the final dot (still dot-stuffed).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Starts one server per address, all on the same free port (the TLSA owner names carry one port).</summary>
    public static IReadOnlyList<FakeSmtpServer> StartOnOnePort(params (IPAddress Address, X509Certificate2? Certificate, int StartTlsReply)[] servers)
    {
        for (int attempt = 0; ; attempt++)
        {
            var started = new List<FakeSmtpServer>();
            try
            {
                int port = 0;
                foreach (var (address, certificate, reply) in servers)
                {
                    var server = new FakeSmtpServer(address, port, certificate, reply);
                    started.Add(server);
                    port = server.EndPoint.Port;
                }

                return started;
            }
            catch (SocketException) when (attempt < 20)
            {
                foreach (FakeSmtpServer server in started)
                {
                    server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(ScriptedConnection c, X509Certificate2? certificate, int startTlsReply)
    {
        await c.WriteAsync("220 fake.test ESMTP\r\n");
        while (true)
        {
            string line = await c.ReadLineAsync();
            Commands.Enqueue(line);
            string verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    bool offer = (certificate is not null || BreakTls) && !c.IsTls;
                    await c.WriteAsync("250-fake.test\r\n250-PIPELINING\r\n" + (offer ? "250-STARTTLS\r\n" : string.Empty)
                        + (AdvertiseSmtpUtf8 ? "250-SMTPUTF8\r\n" : string.Empty) + "250 8BITMIME\r\n");
                    break;
                case "STAR" when BreakTls && !c.IsTls:
                    // Wait for the ClientHello, answer it with plaintext and hang up: the client's handshake fails.
                    await c.WriteAsync("220 Ready to start TLS\r\n");
                    _ = await c.Stream.ReadAsync(new byte[512]);
                    await c.WriteAsync("this is not a TLS server hello\r\n");
                    return;
                case "STAR" when certificate is not null && !c.IsTls:
                    await c.WriteAsync($"{startTlsReply} {(startTlsReply == 220 ? "Ready to start TLS" : "TLS not available")}\r\n");
                    if (startTlsReply == 220)
                    {
                        await c.StartTlsAsync(certificate);
                    }

                    break;
                case "MAIL":
                case "RCPT":
                case "RSET":
                    await c.WriteAsync("250 2.1.0 Ok\r\n");
                    break;
                case "DATA":
                    await c.WriteAsync("354 End data with <CR><LF>.<CR><LF>\r\n");
                    var message = new StringBuilder();
                    for (string data = await c.ReadLineAsync(); data != "."; data = await c.ReadLineAsync())
                    {
                        message.Append(data).Append('\n');
                    }

                    Messages.Enqueue(message.ToString());
                    await c.WriteAsync("250 2.0.0 Ok: queued as FAKE1\r\n");
                    break;
                case "QUIT":
                    await c.WriteAsync("221 2.0.0 Bye\r\n");
                    return;
                default:
                    await c.WriteAsync("502 5.5.2 Error: command not recognized\r\n");
                    break;
            }
        }
    }
}
