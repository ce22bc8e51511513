using System.Net;
using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>One <see cref="RecursiveHierarchy"/> and one validating Unbound iterating from its root hints, shared by the
/// recursive tests (signing and starting ten servers is the slow part).</summary>
public sealed class RecursiveFixture : IAsyncLifetime
{
    private RecursiveHierarchy? _hierarchy;
    private UnboundServer? _unbound;

    public RecursiveHierarchy Hierarchy => _hierarchy ?? throw new InvalidOperationException("not started");

    /// <summary>The reference: validating Unbound with the hierarchy's root hints and root KSK as trust anchor.</summary>
    public UnboundServer Unbound => _unbound ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _hierarchy = await RecursiveHierarchy.StartAsync();
        _unbound = await UnboundServer.StartAsync(new IPEndPoint(_hierarchy.RootServer, 53), [_hierarchy.RootKsk], rootHints: [_hierarchy.RootServer]);
    }

    public async Task DisposeAsync()
    {
        if (_unbound is not null)
        {
            await _unbound.DisposeAsync();
        }

        if (_hierarchy is not null)
        {
            await _hierarchy.DisposeAsync();
        }
    }
}
