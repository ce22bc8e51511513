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

    private static ValidatingResolver StubResolverOver(TestHierarchy tree, AuthoritativeServer upstream, RecordingChannel channel, bool fallback, out StubResolver stub, TimeProvider? time = null, ILogger? logger = null)
    {
        var stubOptions = new StubResolverOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 2, CacheMaxEntries = 0 };
        stubOptions.Servers.Add(NameServer.Udp(upstream.EndPoint.Address, upstream.EndPoint.Port));
        stub = new StubResolver(stubOptions, timeProvider: time);
        ValidatingResolverOptions options = RecursionTree.ResolverOptions(tree, channel);
        options.AllowRecursiveFallback = fallback;
        options.Logger = logger;
        return new ValidatingResolver(new StubDataSource(stub), RecursionTree.Anchors(tree), options, time);
    }
}
