using System.Net;
using System.Net.Sockets;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Edns;
using DnsSecure.Resolution;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Dnssec.Chain;

/// <summary>
/// The optional trust-AD mode: an upstream's AD bit is believed only from loopback or strictly authenticated DNS over TLS,
/// as the transport reports the server that answered; otherwise the answer is validated locally (and fails here, because
/// the upstream's answers carry no signatures and the IANA root anchor cannot be reached).
/// </summary>
public sealed class UpstreamTrustTests
{
    private static readonly DnsQuestion s_www = new(DomainName.Parse("www.example."), RecordType.A);

    [Theory]
    [InlineData("127.0.0.1", DnsTransportProtocol.Udp, true)]
    [InlineData("127.53.0.9", DnsTransportProtocol.Tcp, true)]
    [InlineData("::1", DnsTransportProtocol.Udp, true)]
    [InlineData("::ffff:127.0.0.1", DnsTransportProtocol.Udp, true)]
    [InlineData("192.0.2.53", DnsTransportProtocol.Udp, false)]
    [InlineData("192.0.2.53", DnsTransportProtocol.Tcp, false)]
    [InlineData("2001:db8::53", DnsTransportProtocol.Udp, false)]
    public void IsTrusted_PlainDns_OnlyLoopback(string address, DnsTransportProtocol protocol, bool trusted) =>
        Assert.Equal(trusted, UpstreamTrust.IsTrusted(new NameServer(new IPEndPoint(IPAddress.Parse(address), 53), protocol), protocol));

    [Fact]
    public void IsTrusted_DotStrict_IsTrustedAndOpportunisticIsNot()
    {
        NameServer strict = NameServer.Tls(IPAddress.Parse("192.0.2.53"), "dns.example");
        Assert.True(UpstreamTrust.IsTrusted(strict, DnsTransportProtocol.Tls));
        Assert.False(UpstreamTrust.IsTrusted(strict with { TlsProfile = TlsAuthenticationProfile.DangerousOpportunistic }, DnsTransportProtocol.Tls));
        Assert.False(UpstreamTrust.IsTrusted(null, DnsTransportProtocol.Tls));
    }

    [Fact]
    public async Task Resolve_LoopbackUpstreamWithAd_IsSecureFromUpstream()
    {
        await using var upstream = await AdSettingServer.StartAsync();
        await using var stub = Stub(upstream.EndPoint);
        var resolver = new ValidatingResolver(new StubDataSource(stub), null, new ValidatingResolverOptions { TrustUpstreamAuthenticatedData = true });

        ValidatedLookup result = await resolver.ResolveAsync(s_www.Name, s_www.Type);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ChainStepKind.UpstreamAuthenticated, Assert.Single(result.Chain).Kind);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(result.RecordsOf<DnsSecure.Records.ARdata>()).Address);
        Assert.Contains(upstream.Queries, q => !q.CheckingDisabled);
    }

    [Fact]
    public async Task Resolve_LoopbackUpstreamWithAd_OptionOff_IsValidatedLocally()
    {
        await using var upstream = await AdSettingServer.StartAsync();
        await using var stub = Stub(upstream.EndPoint);
        var resolver = new ValidatingResolver(new StubDataSource(stub));

        ValidatedLookup result = await resolver.ResolveAsync(s_www.Name, s_www.Type);

        Assert.NotEqual(DnssecStatus.Secure, result.Status);
        Assert.DoesNotContain(result.Chain, s => s.Kind == ChainStepKind.UpstreamAuthenticated);
        Assert.All(upstream.Queries, q => Assert.True(q.CheckingDisabled));
    }

    [Theory]
    [InlineData(DnsTransportProtocol.Udp, TlsAuthenticationProfile.Strict, false)]
    [InlineData(DnsTransportProtocol.Tcp, TlsAuthenticationProfile.Strict, false)]
    [InlineData(DnsTransportProtocol.Tls, TlsAuthenticationProfile.DangerousOpportunistic, false)]
    [InlineData(DnsTransportProtocol.Tls, TlsAuthenticationProfile.Strict, true)]
    public async Task Resolve_NonLoopbackUpstreamWithAd_BelievedOnlyOverStrictDot(DnsTransportProtocol protocol, TlsAuthenticationProfile profile, bool believed)
    {
        // The stub reports a server at a documentation address (nothing is sent anywhere): its AD bit counts only
        // when the transport says it was reached over strictly authenticated DNS over TLS.
        var server = new NameServer(new IPEndPoint(IPAddress.Parse("192.0.2.53"), 853), protocol) { TlsHostName = "dns.example", TlsProfile = profile };
        var resolver = new ValidatingResolver(new StubDataSource(new ReportingStub(server)), null, new ValidatingResolverOptions { TrustUpstreamAuthenticatedData = true });

        ValidatedLookup result = await resolver.ResolveAsync(s_www.Name, s_www.Type);

        Assert.Equal(believed, result.Status == DnssecStatus.Secure);
        Assert.Equal(believed, result.Chain.Any(s => s.Kind == ChainStepKind.UpstreamAuthenticated));
    }

    private static StubResolver Stub(IPEndPoint server)
    {
        var options = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 1 };
        options.Servers.Add(new NameServer(server));
        return new StubResolver(options);
    }

    private static DnsMessage Answer(DnsMessage query) => new()
    {
        Id = query.Id,
        IsResponse = true,
        RecursionDesired = query.RecursionDesired,
        RecursionAvailable = true,
        AuthenticData = true,
        CheckingDisabled = query.CheckingDisabled,
        Questions = query.Questions,
        Answers = query.Questions[0].Type == RecordType.A ? [ResourceRecord.Parse(query.Questions[0].Name + " 300 IN A 192.0.2.1")] : [],
        Edns = query.Edns is null ? null : new EdnsRecord { DnssecOk = query.Edns.DnssecOk },
    };

    /// <summary>A stub that reports <paramref name="server"/> as the server that answered, with the AD bit set.</summary>
    private sealed class ReportingStub(NameServer server) : IStubResolver
    {
        public ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default)
        {
            var query = new DnsMessage { Questions = [question], CheckingDisabled = options?.CheckingDisabled ?? false, Edns = new EdnsRecord { DnssecOk = true } };
            return ValueTask.FromResult(new LookupResult { Question = question, Status = LookupStatus.Success, Response = Answer(query), Server = server, Transport = server.Protocol });
        }
    }

    /// <summary>A UDP server on loopback that answers every question with an unsigned A record and the AD bit set.</summary>
    private sealed class AdSettingServer : IAsyncDisposable
    {
        private readonly UdpClient _socket;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private AdSettingServer(UdpClient socket)
        {
            _socket = socket;
            _loop = Task.Run(ServeAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

        public System.Collections.Concurrent.ConcurrentQueue<DnsMessage> Queries { get; } = new();

        public static Task<AdSettingServer> StartAsync() => Task.FromResult(new AdSettingServer(new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))));

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                UdpReceiveResult received;
                try
                {
                    received = await _socket.ReceiveAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (DnsMessage.TryDecode(received.Buffer, out DnsMessage? query) && query.Questions.Length == 1)
                {
                    Queries.Enqueue(query);
                    await _socket.SendAsync(Answer(query).Encode(), received.RemoteEndPoint);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
