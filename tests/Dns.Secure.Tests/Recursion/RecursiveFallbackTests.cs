using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Tests.Recursion;

/// <summary>
/// Stub mode over an upstream that serves the same signed tree, with the test server's fault knobs playing a middlebox
/// that strips DNSSEC: the lookup ends Secure by iterating (fallback on) or Indeterminate (fallback off), never Insecure.
/// </summary>
public sealed class RecursiveFallbackTests
{
    [Fact]
    public async Task Resolve_UpstreamDropsSignatures_FallsBackAndIsSecure()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.DropSignatures);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, channel, fallback: true, out _);

        ValidatedLookup result = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResolutionSource.RecursiveFallback, result.Source);
        Assert.True(resolver.IsFallingBack);
        Assert.NotEmpty(channel.Sent);
    }

    [Fact]
    public async Task Resolve_Fallback_IsLoggedAsWarningOnceForTheWindow()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.DropSignatures);
        var logger = new ListLogger<ValidatingResolver>();
        ValidatingResolver resolver = StubResolverOver(tree, upstream, RecursionTree.Recording(tree), fallback: true, out _, logger: logger);

        await resolver.ResolveAsync("www.example.", RecordType.A);
        await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        var warning = Assert.Single(logger.Events, e => e.Id.Id == 1253);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("RRSIG", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_UpstreamDropsSignaturesWithoutFallback_IsIndeterminate()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.DropSignatures);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, RecursionTree.Recording(tree), fallback: false, out _);

        ValidatedLookup result = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Indeterminate, result.Status);
        Assert.Equal(ResolutionSource.Stub, result.Source);
        Assert.Equal(ExtendedDnsErrorCode.RrsigsMissing, result.Failure!.ExtendedDnsError);
        Assert.False(resolver.IsFallingBack);
    }

    [Fact]
    public async Task Resolve_UpstreamStripsAllDnssecRecords_FallsBackAndIsSecure()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.StripDnssec);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, RecursionTree.Recording(tree), fallback: true, out _);

        ValidatedLookup result = await resolver.ResolveAsync("missing.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
        Assert.Equal(ResolutionSource.RecursiveFallback, result.Source);
    }

    [Fact]
    public async Task Resolve_UpstreamWithoutEdns_FallsBackAndIsSecure()
    {
        // A pre-EDNS server (FORMERR to OPT, RFC 6891 §7) cannot carry DO or RRSIGs at all.
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.FormErrOnEdns);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, RecursionTree.Recording(tree), fallback: true, out _);

        ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResolutionSource.RecursiveFallback, result.Source);
    }

    [Fact]
    public async Task Resolve_UpstreamCorruptsSignatures_StaysBogusWithoutFallback()
    {
        // Signatures that are there but wrong are forged data, not a stripping path: no second opinion is sought.
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.CorruptSignatures);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, channel, fallback: true, out _);

        ValidatedLookup result = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ResolutionSource.Stub, result.Source);
        Assert.Empty(channel.Sent);
    }

    [Fact]
    public async Task Resolve_HealthyUpstream_StaysInStubMode()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, fault: null);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, channel, fallback: true, out _);

        ValidatedLookup result = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResolutionSource.Stub, result.Source);
        Assert.Empty(channel.Sent);
    }

    [Fact]
    public async Task Resolve_AfterFallback_SkipsTheUpstreamUntilTheDurationEnds()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.DropSignatures);
        var time = new ShiftedTimeProvider();
        ValidatingResolver resolver = StubResolverOver(tree, upstream, RecursionTree.Recording(tree), fallback: true, out StubResolver stub, time);

        await resolver.ResolveAsync("www.example.", RecordType.A);
        long upstreamAfterFirst = stub.UpstreamQueryCount;
        ValidatedLookup during = await resolver.ResolveAsync("host.sub.example.", RecordType.A);
        long upstreamDuring = stub.UpstreamQueryCount;
        time.Advance(TimeSpan.FromMinutes(11));
        ValidatedLookup after = await resolver.ResolveAsync("www.other.", RecordType.A);

        Assert.Equal(ResolutionSource.RecursiveFallback, during.Source);
        Assert.Equal(upstreamAfterFirst, upstreamDuring);
        Assert.True(stub.UpstreamQueryCount > upstreamDuring);
        Assert.Equal(DnssecStatus.Secure, after.Status);
        Assert.Equal(ResolutionSource.RecursiveFallback, after.Source);
    }

    [Fact]
    public async Task Resolve_OneStrippingUpstreamOfTwo_UsesTheGoodUpstreamAndNeverIterates()
    {
        // One bad upstream must not send lookups that a good upstream can answer into iteration: the stripping one is
        // asked last once found out, and the lookup is answered, Secure, by the other one in stub mode.
        await using var tree = await RecursionTree.CreateAsync();
        await using var stripping = await UpstreamAsync(tree, Fault.DropSignatures);
        await using var good = await UpstreamAsync(tree, fault: null);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, [stripping, good], channel);

        ValidatedLookup first = await resolver.ResolveAsync("www.example.", RecordType.A);
        ValidatedLookup second = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.True(first.Status == DnssecStatus.Secure, first.ToString());
        Assert.Equal(ResolutionSource.Stub, first.Source);
        Assert.True(second.Status == DnssecStatus.Secure, second.ToString());
        Assert.Equal(ResolutionSource.Stub, second.Source);
        Assert.Empty(channel.Sent);
    }

    [Fact]
    public async Task Resolve_EveryUpstreamStripping_EachIsRememberedAndLookupsIterateWithoutAskingThem()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var first = await UpstreamAsync(tree, Fault.DropSignatures);
        await using var second = await UpstreamAsync(tree, Fault.StripDnssec);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, [first, second], channel);

        ValidatedLookup a = await resolver.ResolveAsync("www.example.", RecordType.A);
        ValidatedLookup b = await resolver.ResolveAsync("host.sub.example.", RecordType.A);
        long askedBefore = first.Queries.Total + second.Queries.Total;
        ValidatedLookup c = await resolver.ResolveAsync("www.other.", RecordType.A);

        Assert.All([a, b, c], r => Assert.Equal(DnssecStatus.Secure, r.Status));
        Assert.Equal(ResolutionSource.RecursiveFallback, c.Source);
        Assert.True(resolver.IsFallingBack);
        Assert.Equal(askedBefore, first.Queries.Total + second.Queries.Total);
    }

    [Fact]
    public async Task ClearCache_AlsoClearsTheFallbackResolversCaches()
    {
        await using var tree = await RecursionTree.CreateAsync();
        await using var upstream = await UpstreamAsync(tree, Fault.DropSignatures);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = StubResolverOver(tree, upstream, channel, fallback: true, out _);
        await resolver.ResolveAsync("www.example.", RecordType.A);
        await resolver.ResolveAsync("host.sub.example.", RecordType.A);
        resolver.ClearCache();
        channel.Clear();

        ValidatedLookup again = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, again.Status);
        Assert.Equal(ResolutionSource.RecursiveFallback, again.Source);
        // Keys, delegations and the answer were all forgotten: iteration starts again at the root.
        Assert.Contains(channel.Sent, s => tree.RootEndPoints.Contains(s.Server));
        Assert.Contains(channel.Sent, s => s.Question.Type == RecordType.DNSKEY);
    }

    [Fact]
    public async Task ClearCache_InRecursiveMode_ForgetsKeysDelegationsAndServerState()
    {
        await using var tree = await RecursionTree.CreateAsync();
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = RecursionTree.Recursive(tree, channel);
        await resolver.ResolveAsync("host.sub.example.", RecordType.A);
        channel.Clear();
        await resolver.ResolveAsync("host.sub.example.", RecordType.A);
        Assert.Empty(channel.Sent);

        resolver.ClearCache();
        ValidatedLookup again = await resolver.ResolveAsync("host.sub.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, again.Status);
        Assert.Contains(channel.Sent, s => tree.RootEndPoints.Contains(s.Server));
        Assert.Contains(channel.Sent, s => s.Question.Type == RecordType.DNSKEY && s.Question.Name == DomainName.Parse("sub.example."));
    }

    [Fact]
    public async Task CreateRecursive_ReportsRecursiveMode()
    {
        await using var tree = await RecursionTree.CreateAsync();

        ValidatingResolver resolver = RecursionTree.Recursive(tree, RecursionTree.Recording(tree));

        Assert.Equal(ResolutionSource.Recursive, resolver.Mode);
        Assert.False(resolver.IsFallingBack);
    }

    /// <summary>A server with every zone of the tree, standing in for a recursive upstream (it answers everything itself).</summary>
    private static async Task<AuthoritativeServer> UpstreamAsync(TestHierarchy tree, Fault? fault)
    {
        var zones = tree.Servers.SelectMany(s => s.Zones).DistinctBy(z => z.Origin).ToList();
        AuthoritativeServer server = await AuthoritativeServer.StartAsync(zones);
        if (fault is not null)
        {
            server.Faults.Add(fault);
        }

        return server;
    }

    private static ValidatingResolver StubResolverOver(TestHierarchy tree, AuthoritativeServer[] upstreams, RecordingChannel channel)
    {
        var stubOptions = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 2, CacheMaxEntries = 0 };
        foreach (AuthoritativeServer upstream in upstreams)
        {
            stubOptions.Servers.Add(NameServer.Udp(upstream.EndPoint.Address, upstream.EndPoint.Port));
        }

        ValidatingResolverOptions options = RecursionTree.ResolverOptions(tree, channel);
        options.AllowRecursiveFallback = true;
        return new ValidatingResolver(new StubDataSource(new StubResolver(stubOptions)), tree.TrustAnchorStore, options);
    }

    private static ValidatingResolver StubResolverOver(TestHierarchy tree, AuthoritativeServer upstream, RecordingChannel channel, bool fallback, out StubResolver stub, TimeProvider? time = null, ILogger? logger = null)
    {
        var stubOptions = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 2, CacheMaxEntries = 0 };
        stubOptions.Servers.Add(NameServer.Udp(upstream.EndPoint.Address, upstream.EndPoint.Port));
        stub = new StubResolver(stubOptions, timeProvider: time);
        ValidatingResolverOptions options = RecursionTree.ResolverOptions(tree, channel);
        options.AllowRecursiveFallback = fallback;
        options.Logger = logger;
        return new ValidatingResolver(new StubDataSource(stub), tree.TrustAnchorStore, options, time);
    }
}
