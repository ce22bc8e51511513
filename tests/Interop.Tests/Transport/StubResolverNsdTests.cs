using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Edns;
using DnsSecure.Interop.Tests.Support;
using DnsSecure.Resolution;
using DnsSecure.Transport;
using DnsSecure.Wire;

namespace DnsSecure.Interop.Tests.Transport;

/// <summary>
/// <see cref="StubResolver"/> against a real authoritative server (NSD, Debian package nsd) on loopback:
/// truncation and TCP retry, failover from a dead server, EDNS, and pipelined TCP.
/// </summary>
public sealed class StubResolverNsdTests(StubResolverNsdTests.NsdZone zone) : IClassFixture<StubResolverNsdTests.NsdZone>
{
    private const int BigTxtCount = NsdZone.BigTxtCount;
    private const int HostCount = NsdZone.HostCount;

    private NsdServer Nsd => zone.Nsd;

    [Fact]
    public async Task Lookup_TxtRrsetLargerThanUdpPayload_IsTruncatedThenAnsweredInFullOverTcp()
    {
        // First show that NSD itself truncates this answer over UDP at the resolver's payload size.
        DnsMessage udp = await QueryUdpAsync(Nsd.Endpoint, "big.example.test.", RecordType.TXT, DnsLimits.DefaultEdnsPayloadSize);
        Assert.True(udp.Truncated, "NSD should set TC on the UDP answer");

        await using var resolver = new StubResolver(Options(NameServer.Udp(Nsd.Endpoint.Address, Nsd.Endpoint.Port)));
        LookupResult result = await resolver.LookupAsync(DomainName.Parse("big.example.test."), RecordType.TXT);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(DnsTransportProtocol.Tcp, result.Transport);
        Assert.Equal(2, resolver.UpstreamQueryCount); // RFC 7766 §5: the UDP query, then the same one over TCP.
        RRSet? txt = result.FindAnswer(DomainName.Parse("big.example.test."), RecordType.TXT);
        Assert.NotNull(txt);
        Assert.Equal(BigTxtCount, txt.Count);
        Assert.True(result.Response!.Encode().Length > DnsLimits.DefaultEdnsPayloadSize);
    }

    [Fact]
    public async Task Lookup_FirstServerDead_FailsOverToNsd()
    {
        // A port nobody listens on: picked free and left closed.
        int deadPort = LoopbackPort.PickFree(IPAddress.Loopback);
        NameServer dead = NameServer.Udp(IPAddress.Loopback, deadPort);
        NameServer live = NameServer.Udp(Nsd.Endpoint.Address, Nsd.Endpoint.Port);
        // A short timeout: if the closed port's ICMP error is not reported, the dead server costs one timeout.
        StubResolverOptions options = Options(TimeSpan.FromSeconds(1), dead, live);
        await using var resolver = new StubResolver(options);

        LookupResult result = await resolver.LookupAsync(DomainName.Parse("host3.example.test."), RecordType.A);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(live, result.Server);
        Assert.True(result.Attempts >= 2, $"expected the dead server to be tried first, got {result.Attempts} attempt(s)");
        ResourceRecord a = Assert.Single(result.FindAnswer(DomainName.Parse("host3.example.test."), RecordType.A)!.Records);
        Assert.Equal("192.0.2.4", a.Data.ToString());
    }

    [Fact]
    public async Task Lookup_Nsd_AnswersWithEdns()
    {
        await using var resolver = new StubResolver(Options(NameServer.Udp(Nsd.Endpoint.Address, Nsd.Endpoint.Port)));

        LookupResult result = await resolver.LookupAsync(DomainName.Parse("host1.example.test."), RecordType.A, LookupOptions.Dnssec);

        Assert.Equal(LookupStatus.Success, result.Status);
        Assert.Equal(DnsTransportProtocol.Udp, result.Transport);
        EdnsRecord? edns = result.Response!.Edns;
        Assert.NotNull(edns); // RFC 6891 §7: a responder that understands EDNS answers with an OPT record.
        Assert.Equal(0, edns.Version);
        Assert.True(edns.DnssecOk, "RFC 3225 §3: the DO bit is copied into the response");
        Assert.True(edns.UdpPayloadSize >= DnsLimits.ClassicUdpPayloadSize);
    }

    [Fact]
    public async Task Lookup_ConcurrentOverTcp_ArePipelinedOnOneConnection()
    {
        await using var resolver = new StubResolver(Options(NameServer.Tcp(Nsd.Endpoint.Address, Nsd.Endpoint.Port)));

        LookupResult[] results = await Task.WhenAll(Enumerable.Range(0, HostCount).Select(i =>
            resolver.LookupAsync(DomainName.Parse($"host{i}.example.test."), RecordType.A).AsTask()));

        for (int i = 0; i < HostCount; i++)
        {
            Assert.Equal(LookupStatus.Success, results[i].Status);
            Assert.Equal(DnsTransportProtocol.Tcp, results[i].Transport);
            ResourceRecord a = Assert.Single(results[i].FindAnswer(DomainName.Parse($"host{i}.example.test."), RecordType.A)!.Records);
            Assert.Equal($"192.0.2.{i + 1}", a.Data.ToString());
        }

        // RFC 7766 §6.2.1.1: queries share one connection instead of one connection each.
        Assert.Equal(1, resolver.StreamConnectionsOpened);
        Assert.Equal(HostCount, resolver.UpstreamQueryCount);
    }

    // Generous per-server timeout: the machine running the tests may be busy, and a timed-out query is asked again.
    private static StubResolverOptions Options(params NameServer[] servers) => Options(TimeSpan.FromSeconds(5), servers);

    private static StubResolverOptions Options(TimeSpan timeout, params NameServer[] servers)
    {
        var options = new StubResolverOptions { Timeout = timeout, MaxTimeout = timeout * 2, Attempts = 2, Rotate = false };
        foreach (NameServer server in servers)
        {
            options.Servers.Add(server);
        }

        return options;
    }

    private static async Task<DnsMessage> QueryUdpAsync(IPEndPoint server, string name, RecordType type, ushort payloadSize)
    {
        var query = DnsMessage.CreateQuery((ushort)Random.Shared.Next(0, 65536), new DnsQuestion(DomainName.Parse(name), type), recursionDesired: false, dnssecOk: false, checkingDisabled: false, udpPayloadSize: payloadSize);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.Address, 0));
        await socket.SendToAsync(query.Encode(), server);
        byte[] buffer = new byte[DnsLimits.MaxMessageSize];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            SocketReceiveFromResult r = await socket.ReceiveFromAsync(buffer, server, cts.Token);
            if (DnsMessage.TryDecode(buffer.AsSpan(0, r.ReceivedBytes), out DnsMessage? response) && response.Id == query.Id)
            {
                return response;
            }
        }
    }

    /// <summary>One NSD for all tests of the class, serving example.test. with a big TXT RRset and a few hosts.</summary>
    public sealed class NsdZone : IAsyncLifetime
    {
        // Six 250-octet strings: the TXT RRset alone is about 1.6 KB, more than the 1232-octet EDNS payload size
        // (DnsLimits.DefaultEdnsPayloadSize, the DNS Flag Day 2020 value) that both NSD and the resolver use over UDP.
        public const int BigTxtCount = 6;
        private const int BigTxtLength = 250;
        public const int HostCount = 20;

        private readonly TempDirectory _directory = new();
        private NsdServer? _nsd;

        public NsdServer Nsd => _nsd ?? throw new InvalidOperationException("NSD is not started.");

        public async Task InitializeAsync()
        {
            var zone = new StringBuilder();
            zone.AppendLine("$ORIGIN example.test.");
            zone.AppendLine("$TTL 300");
            zone.AppendLine("@ IN SOA ns1 hostmaster 1 3600 900 604800 300");
            zone.AppendLine("@ IN NS ns1");
            zone.AppendLine("ns1 IN A 127.0.0.1");
            for (int i = 0; i < BigTxtCount; i++)
            {
                // Each string differs in its first octet so the RRset keeps all six records.
                zone.AppendLine($"big IN TXT \"{(char)('a' + i)}{new string('x', BigTxtLength - 1)}\"");
            }

            for (int i = 0; i < HostCount; i++)
            {
                zone.AppendLine($"host{i} IN A 192.0.2.{i + 1}");
            }

            string file = _directory.File("example.test.zone");
            await File.WriteAllTextAsync(file, zone.ToString());
            _nsd = await NsdServer.StartAsync([("example.test.", file)]);
        }

        public async Task DisposeAsync()
        {
            if (_nsd is not null)
            {
                await _nsd.DisposeAsync();
            }

            _directory.Dispose();
        }
    }
}
