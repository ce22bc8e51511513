using System.Net;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;

namespace DnsSecure.Tests.Recursion;

/// <summary>
/// A private signed tree with one server per zone on its own loopback address (shared port), and resolvers that
/// iterate through it: . → example. → sub.example. (signed), insecure.example. (unsigned), other. (signed).
/// </summary>
internal static class RecursionTree
{
    public static readonly IPAddress WwwExample = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress HostSub = IPAddress.Parse("192.0.2.2");
    public static readonly IPAddress WwwInsecure = IPAddress.Parse("192.0.2.3");
    public static readonly IPAddress WwwOther = IPAddress.Parse("192.0.2.7");

    public static Task<TestHierarchy> CreateAsync(Action<TestHierarchyBuilder>? configure = null) => TestHierarchy.CreateAsync(b =>
    {
        b.ServerPerZone = true;
        b.AddZone("example.").WithAddress(WwwExample, "www").WithRecord("alias CNAME www.other.");
        b.AddZone("sub.example.").WithAddress(HostSub, "host");
        b.AddZone("insecure.example.").Unsigned().WithAddress(WwwInsecure, "www");
        b.AddZone("other.").WithAddress(WwwOther, "www");
        configure?.Invoke(b);
    });

    public static IterativeResolverOptions Options(TestHierarchy tree, Action<IterativeResolverOptions>? configure = null)
    {
        // No random pick among servers: tests that make one server of a zone misbehave know which one is asked first.
        var options = new IterativeResolverOptions { ServerPort = tree.Port, QueryTimeout = TimeSpan.FromSeconds(2), ServerSelectionBand = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    public static ValidatingResolverOptions ResolverOptions(TestHierarchy tree, IAuthoritativeChannel channel, IterativeResolverOptions? iteration = null) => new()
    {
        RootHints = RootHints.FromEndPoints(tree.RootEndPoints),
        Recursion = iteration ?? Options(tree),
        AuthoritativeChannel = channel,
    };

    public static ValidatingResolver Recursive(TestHierarchy tree, IAuthoritativeChannel channel, IterativeResolverOptions? iteration = null, TimeProvider? time = null) =>
        ValidatingResolver.CreateRecursive(tree.TrustAnchorStore, ResolverOptions(tree, channel, iteration), time);

    public static RecordingChannel Recording(TestHierarchy tree, Func<DnsMessage, IPEndPoint, DnsMessage>? rewrite = null) =>
        new(new NetworkAuthoritativeChannel(Options(tree)), rewrite);

    public static IPEndPoint EndPointOf(TestHierarchy tree, string zone, int index = 0) => tree.ServerFor(zone, index).EndPoint;
}
