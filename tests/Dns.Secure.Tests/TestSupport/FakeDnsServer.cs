using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Edns;
using DnsSecure.Wire;

namespace DnsSecure.Tests.TestSupport;

/// <summary>A query as the fake server saw it.</summary>
public sealed record FakeRequest(DnsMessage Query, IPEndPoint Source, bool OverStream, int ConnectionNumber);

/// <summary>What the fake server does with a query: send a message, send raw octets, or close the connection.</summary>
public sealed record FakeResponse(DnsMessage? Message, byte[]? Raw = null, bool CloseConnection = false)
{
    public static implicit operator FakeResponse(DnsMessage message) => new(message);
}

/// <summary>
/// A DNS server for tests on loopback, driven by a delegate: UDP and TCP on the same port (or TLS), each query
/// handled concurrently, UDP answers truncated to the query's EDNS payload size (or 512) as a real server does.
/// </summary>
public sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly Func<FakeRequest, Task<FakeResponse?>> _handler;
    private readonly Socket? _udp;
    private readonly TcpListener? _tcp;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Stream> _streams = [];
    private readonly List<Task> _loops = [];
    private int _udpQueries;
    private int _streamQueries;
    private int _connections;
    private int _closedConnections;

    public FakeDnsServer(Func<FakeRequest, Task<FakeResponse?>> handler, IPAddress? address = null, bool udp = true, bool tcp = true, X509Certificate2? tlsCertificate = null)
    {
        _handler = handler;
        _certificate = tlsCertificate;
        address ??= IPAddress.Loopback;
        for (int attempt = 0; ; attempt++)
        {
            Socket? u = null;
            TcpListener? t = null;
            try
            {
                int port = 0;
                if (udp)
                {
                    u = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    u.Bind(new IPEndPoint(address, 0));
                    port = ((IPEndPoint)u.LocalEndPoint!).Port;
                }

                if (tcp || tlsCertificate is not null)
                {
                    t = new TcpListener(address, port);
                    t.Start(512);
                    port = ((IPEndPoint)t.LocalEndpoint).Port;
                }

                _udp = u;
                _tcp = t;
                EndPoint = new IPEndPoint(address, port);
                break;
            }
            catch (SocketException) when (attempt < 20)
            {
                u?.Dispose();
                t?.Stop();
            }
        }

        if (_udp is not null)
        {
            _loops.Add(Task.Run(UdpLoopAsync));
        }

        if (_tcp is not null)
        {
            _loops.Add(Task.Run(AcceptLoopAsync));
        }
    }

    /// <summary>A server answering every query with <paramref name="answer"/>.</summary>
    public static FakeDnsServer Answering(Func<DnsMessage, DnsMessage?> answer, IPAddress? address = null) =>
        new(r => Task.FromResult(answer(r.Query) is { } m ? new FakeResponse(m) : null), address);

    public IPEndPoint EndPoint { get; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int StreamQueries => Volatile.Read(ref _streamQueries);

    public int TotalQueries => UdpQueries + StreamQueries;

    public int AcceptedConnections => Volatile.Read(ref _connections);

    public int ClosedConnections => Volatile.Read(ref _closedConnections);

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>Sends raw octets from the server's UDP socket (right address and port).</summary>
    public Task SendUdpAsync(byte[] data, IPEndPoint to) => _udp!.SendToAsync(data, SocketFlags.None, to);

    /// <summary>A NOERROR response to <paramref name="query"/> with the given answer records, echoing EDNS.</summary>
    public static DnsMessage Reply(DnsMessage query, params ResourceRecord[] answers) => new()
    {
        Id = query.Id,
        IsResponse = true,
        RecursionDesired = query.RecursionDesired,
        RecursionAvailable = true,
        CheckingDisabled = query.CheckingDisabled,
        Questions = query.Questions,
        Answers = [.. answers],
        Edns = query.Edns is null ? null : new EdnsRecord { UdpPayloadSize = DnsLimits.DefaultEdnsPayloadSize, DnssecOk = query.Edns.DnssecOk },
    };

    /// <summary>An error response with <paramref name="code"/>.</summary>
    public static DnsMessage Error(DnsMessage query, ResponseCode code, bool echoEdns = true) =>
        Reply(query) with { ResponseCode = code, Edns = echoEdns && query.Edns is not null ? new EdnsRecord() : null };

    /// <summary>An A record for the question's name.</summary>
    public static ResourceRecord A(DnsMessage query, string address, uint ttl = 300) =>
        new(query.Question.Name, ttl, new DnsSecure.Records.ARdata(IPAddress.Parse(address)));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp?.Dispose();
        _tcp?.Stop();
        foreach (Stream s in _streams)
        {
            await s.DisposeAsync();
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Loops end with socket errors when their sockets close.
        }

        _stop.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        byte[] buffer = new byte[DnsLimits.MaxMessageSize];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _udp!.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(EndPoint.Address, 0), _stop.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception)
            {
                return;
            }

            if (!DnsMessage.TryDecode(buffer.AsSpan(0, r.ReceivedBytes), out DnsMessage? query))
            {
                continue;
            }

            Interlocked.Increment(ref _udpQueries);
            var source = (IPEndPoint)r.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                var request = new FakeRequest(query, source, false, 0);
                Requests.Enqueue(request);
                FakeResponse? response = await _handler(request);
                if (response is null || _stop.IsCancellationRequested)
                {
                    return;
                }

                // A real server fits the answer in the requestor's payload size and sets TC (RFC 6891 §6.2.5, RFC 2181 §9).
                int max = query.Edns is null ? DnsLimits.ClassicUdpPayloadSize : Math.Max(DnsLimits.ClassicUdpPayloadSize, (int)query.Edns.UdpPayloadSize);
                byte[] wire = response.Raw ?? response.Message!.Encode(max);
                try
                {
                    await _udp!.SendToAsync(wire, SocketFlags.None, source);
                }
                catch (Exception)
                {
                    // Shutting down.
                }
            });
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp!.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            int number = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeConnectionAsync(client, number));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client, int number)
    {
        Stream stream = client.GetStream();
        var writeLock = new SemaphoreSlim(1, 1);
        var source = (IPEndPoint)client.Client.RemoteEndPoint!;
        try
        {
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream, false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            }

            _streams.Add(stream);
            byte[] prefix = new byte[2];
            while (!_stop.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(prefix, _stop.Token);
                byte[] body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(body, _stop.Token);
                if (!DnsMessage.TryDecode(body, out DnsMessage? query))
                {
                    continue;
                }

                Interlocked.Increment(ref _streamQueries);
                _ = Task.Run(async () =>
                {
                    var request = new FakeRequest(query, source, true, number);
                    Requests.Enqueue(request);
                    FakeResponse? response = await _handler(request);
                    if (response is null)
                    {
                        return;
                    }

                    if (response.CloseConnection)
                    {
                        client.Close();
                        await stream.DisposeAsync();
                        return;
                    }

                    byte[] wire = response.Raw ?? response.Message!.Encode();
                    byte[] frame = new byte[wire.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)wire.Length);
                    wire.CopyTo(frame, 2);
                    await writeLock.WaitAsync();
                    try
                    {
                        await stream.WriteAsync(frame);
                        await stream.FlushAsync();
                    }
                    catch (Exception)
                    {
                        // The client went away.
                    }
                    finally
                    {
                        writeLock.Release();
                    }
                });
            }
        }
        catch (Exception)
        {
            // The client closed the connection, or the server is stopping.
        }
        finally
        {
            Interlocked.Increment(ref _closedConnections);
            client.Dispose();
        }
    }
}
