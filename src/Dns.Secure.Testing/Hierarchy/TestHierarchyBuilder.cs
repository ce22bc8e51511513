using System.Net;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Testing.Hierarchy;

/// <summary>Describes a <see cref="TestHierarchy"/>: the zones below the private root and where the server listens.</summary>
public sealed class TestHierarchyBuilder
{
    private readonly Dictionary<DomainName, TestZoneBuilder> _zones = [];

    internal TestHierarchyBuilder() => _zones[DomainName.Root] = new TestZoneBuilder(DomainName.Root);

    /// <summary>The loopback address and port of the server; port 0 (default) picks a free port.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// One server per name server of each zone instead of one for the whole tree: each on its own loopback address
    /// (127.x.y.n) with one port shared by all, and each zone's NS and glue records pointing at its own servers, so that
    /// a resolver must follow referrals (iterate) to reach the data. <see cref="EndPoint"/>'s port is used when not 0.
    /// Default false.
    /// </summary>
    public bool ServerPerZone { get; set; }

    /// <summary>Where the server logs; null for nowhere.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock for signature validity windows (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The zones described so far, the root included.</summary>
    public IReadOnlyCollection<TestZoneBuilder> Zones => _zones.Values;

    /// <summary>The private root zone, to add records to it.</summary>
    public TestZoneBuilder Root => _zones[DomainName.Root];

    /// <summary>Adds a zone (delegated from its closest enclosing zone, the root by default), or returns the one already added.</summary>
    public TestZoneBuilder AddZone(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddZone(DomainName.Parse(name));
    }

    /// <summary>Adds a zone, or returns the one already added with that apex.</summary>
    public TestZoneBuilder AddZone(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_zones.TryGetValue(name, out TestZoneBuilder? zone))
        {
            _zones[name] = zone = new TestZoneBuilder(name);
        }

        return zone;
    }
}
