using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Transport;

namespace DaneSockets.Tests.Support;

/// <summary>A private signed DNS tree (Dns.Secure.Testing) with a validating stub resolver pointed at it.</summary>
internal sealed class SignedDns : IAsyncDisposable
{
    private SignedDns(TestHierarchy hierarchy, StubResolver stub, DaneTargetResolver targets)
    {
        Hierarchy = hierarchy;
        Stub = stub;
        Targets = targets;
    }

    public TestHierarchy Hierarchy { get; }

    public StubResolver Stub { get; }

    public DaneTargetResolver Targets { get; }

    public static async Task<SignedDns> CreateAsync(Action<TestHierarchyBuilder> configure, Action<StubResolverOptions>? stubOptions = null)
    {
        TestHierarchy hierarchy = await TestHierarchy.CreateAsync(configure);
        var options = new StubResolverOptions();
        options.Servers.Add(new NameServer(hierarchy.EndPoint));
        stubOptions?.Invoke(options);
        var stub = new StubResolver(options);
        var anchors = hierarchy.TrustAnchorStore;
        return new SignedDns(hierarchy, stub, new DaneTargetResolver(new ValidatingResolver(new StubDataSource(stub), anchors)));
    }

    public async ValueTask DisposeAsync()
    {
        await Stub.DisposeAsync();
        await Hierarchy.DisposeAsync();
    }
}
