using DnsSecure.Dnssec;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Dnssec.Chain;

public sealed class ValidatingResolverOptionsTests
{
    private static async Task<SignedTree> TreeWithTtlZeroAsync()
    {
        var tree = new SignedTree();
        var example = tree.Sign("example.", SignedTree.Apex("example.") + "www.example. 0 IN A 192.0.2.1\n");
        tree.Sign(".", SignedTree.Apex(".") + "example. IN NS ns1.example.\n" + string.Join('\n', example.DsRecords) + "\n");
        await tree.StartAsync();
        return tree;
    }

    [Fact]
    public async Task MinCacheTtl_Default_KeepsTtlZeroAnswerFiveSeconds()
    {
        await using SignedTree tree = await TreeWithTtlZeroAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        ValidatingResolver resolver = tree.Resolver(null, clock);
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("www.example.", RecordType.A)).Status);
        long asked = resolver.UpstreamQueryCount;

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("www.example.", RecordType.A)).Status);
        Assert.Equal(asked, resolver.UpstreamQueryCount);
    }

    [Fact]
    public async Task MinCacheTtl_Zero_AsksAgainForTtlZeroAnswer()
    {
        await using SignedTree tree = await TreeWithTtlZeroAsync();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        ValidatingResolver resolver = tree.Resolver(new ValidatingResolverOptions { MinCacheTtl = TimeSpan.Zero }, clock);
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("www.example.", RecordType.A)).Status);
        long asked = resolver.UpstreamQueryCount;

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("www.example.", RecordType.A)).Status);
        Assert.True(resolver.UpstreamQueryCount > asked);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000_000)]
    public void MinCacheTtl_OutOfRange_IsRejected(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidatingResolver(new NoSource(), null, new ValidatingResolverOptions { MinCacheTtl = TimeSpan.FromSeconds(seconds) }));

    private sealed class NoSource : DnsSecure.Dnssec.Chain.IDnssecDataSource
    {
        public ValueTask<DnsSecure.Dnssec.Chain.DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(DnsSecure.Dnssec.Chain.DataSourceResponse.Failed("none"));
    }
}
