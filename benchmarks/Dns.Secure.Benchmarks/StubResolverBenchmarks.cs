using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using DnsSecure.Resolution;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// The cost of a cached <see cref="StubResolver"/> lookup: the answer is fetched once in setup from a small UDP
/// responder on 127.0.0.1 (answers every A question with 192.0.2.1, TTL one day), then every lookup is a cache hit.
/// </summary>
[MemoryDiagnoser]
public class StubResolverBenchmarks
{
    private static readonly DomainName s_name = DomainName.Parse("www.example.test.");
    private static readonly DnsQuestion s_question = new(s_name, RecordType.A);
    private Socket _server = null!;
    private CancellationTokenSource _stop = null!;
    private Task _responder = Task.CompletedTask;
    private StubResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _stop = new CancellationTokenSource();
        _responder = RespondAsync(_server, _stop.Token);
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer((IPEndPoint)_server.LocalEndPoint!));
        _resolver = new StubResolver(options);
        LookupResult first = _resolver.LookupAsync(s_name, RecordType.A).AsTask().GetAwaiter().GetResult();
        if (!first.IsSuccess || _resolver.LookupAsync(s_name, RecordType.A).AsTask().GetAwaiter().GetResult() is not { FromCache: true })
        {
            throw new InvalidOperationException($"Setup failed: {first}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _resolver.Dispose();
        _stop.Cancel();
        _server.Dispose();
        try
        {
            _responder.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    /// <summary>A cache hit by name and type.</summary>
    [Benchmark]
    public LookupResult CachedLookupByName() => Wait(_resolver.LookupAsync(s_name, RecordType.A));

    /// <summary>A cache hit by a prebuilt question.</summary>
    [Benchmark]
    public LookupResult CachedLookupByQuestion() => Wait(_resolver.LookupAsync(s_question));

    // A cache hit completes synchronously; anything else would be a setup failure, waited for rather than misread.
    private static LookupResult Wait(ValueTask<LookupResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static async Task RespondAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[Wire.DnsLimits.MaxMessageSize];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received = await socket.ReceiveFromAsync(buffer, any, cancellationToken).ConfigureAwait(false);
            if (!DnsMessage.TryDecode(buffer.AsSpan(0, received.ReceivedBytes), out DnsMessage? query) || query.Questions.Length != 1)
            {
                continue;
            }

            DnsQuestion q = query.Questions[0];
            var response = new DnsMessage
            {
                Id = query.Id,
                IsResponse = true,
                RecursionDesired = query.RecursionDesired,
                RecursionAvailable = true,
                Questions = query.Questions,
                Answers = [ResourceRecord.Parse($"{q.Name} 86400 IN A 192.0.2.1")],
                Edns = query.Edns is null ? null : new Edns.EdnsRecord(),
            };
            await socket.SendToAsync(response.Encode(), received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
    }
}
