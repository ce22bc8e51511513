using System.Net;
using System.Net.Sockets;
using Adversarial.Tests.Attackers;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace Adversarial.Tests.Support;

/// <summary>
/// The defender's side: a private signed tree (Dns.Secure.Testing), optionally behind a <see cref="LyingUpstream"/>,
/// and the public stack pointed at it: StubResolver → ValidatingResolver → DaneTargetResolver → DaneTlsConnector.
/// </summary>
internal sealed class SignedTree : IAsyncDisposable
{
    private SignedTree(TestHierarchy hierarchy, LyingUpstream? liar, StubResolver stub, ValidatingResolver resolver)
    {
        Hierarchy = hierarchy;
        Liar = liar;
        Stub = stub;
        Resolver = resolver;
        Targets = new DaneTargetResolver(resolver);
        Connector = new DaneTlsConnector(Targets);
    }

    public TestHierarchy Hierarchy { get; }

    /// <summary>The attacker in the path, when the tree was created with one.</summary>
    public LyingUpstream? Liar { get; }

    public LyingUpstream Lying => Liar ?? throw new InvalidOperationException("created without a lying upstream");

    public StubResolver Stub { get; }

    public ValidatingResolver Resolver { get; }

    public DaneTargetResolver Targets { get; }

    public DaneTlsConnector Connector { get; }

    /// <summary>Where the stub sends its queries: the liar when there is one, else the server.</summary>
    public IPEndPoint ResolverUpstream => Liar?.EndPoint ?? Hierarchy.EndPoint;

    public static async Task<SignedTree> CreateAsync(
        Action<TestHierarchyBuilder> configure, bool lying = false, TimeProvider? validatorClock = null,
        ValidatingResolverOptions? options = null, Action<StubResolverOptions>? stubOptions = null)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(configure);
        LyingUpstream? liar = lying ? LyingUpstream.Start(hierarchy.EndPoint) : null;
        var o = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(1), Attempts = 2 };
        o.Servers.Add(new NameServer(liar?.EndPoint ?? hierarchy.EndPoint));
        stubOptions?.Invoke(o);
        var stub = new StubResolver(o);
        var anchors = hierarchy.TrustAnchorStore;
        var resolver = new ValidatingResolver(new StubDataSource(stub), anchors, options, validatorClock);
        return new SignedTree(hierarchy, liar, stub, resolver);
    }

    /// <summary>Asks the real server directly (no attacker, DO set), for the answers attackers replay.</summary>
    public Task<DnsMessage> AskServerAsync(string name, RecordType type) => AskAsync(Hierarchy.EndPoint, DomainName.Parse(name), type);

    public static async Task<DnsMessage> AskAsync(IPEndPoint server, DomainName name, RecordType type)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(server, timeout.Token);
        DnsMessage query = DnsMessage.CreateQuery((ushort)Random.Shared.Next(ushort.MaxValue), new DnsQuestion(name, type), recursionDesired: false, dnssecOk: true, udpPayloadSize: 4096);
        await socket.SendAsync(query.Encode(), SocketFlags.None, timeout.Token);
        byte[] buffer = new byte[ushort.MaxValue];
        int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return DnsMessage.Decode(buffer.AsSpan(0, n));
    }

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync();
        if (Liar is not null)
        {
            await Liar.DisposeAsync();
        }

        await Hierarchy.DisposeAsync();
    }
}
