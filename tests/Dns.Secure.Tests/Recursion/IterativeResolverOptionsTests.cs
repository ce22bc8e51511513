using System.Net;
using DnsSecure.Recursion;

namespace DnsSecure.Tests.Recursion;

public sealed class IterativeResolverOptionsTests
{
    public static TheoryData<Action<IterativeResolverOptions>> InvalidSettings => new()
    {
        o => o.ServerPort = 0,
        o => o.ServerPort = 70000,
        o => o.MaxReferralDepth = 0,
        o => o.MaxQueriesPerLookup = 0,
        o => o.MaxNameServerAddressesPerZone = 0,
        o => o.MaxNameServerNamesResolved = -1,
        o => o.QueryTimeout = TimeSpan.Zero,
        o => o.MaxCacheEntries = 0,
        o => o.ServerSelectionBand = TimeSpan.FromMilliseconds(-1),
        o => o.MaxValidationRetries = -1,
        o => o.DistrustedServerHoldDown = TimeSpan.FromSeconds(-1),
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void IterativeDataSource_InvalidOption_Throws(Action<IterativeResolverOptions> spoil)
    {
        var options = new IterativeResolverOptions();
        spoil(options);
        var channel = new ScriptedChannel((_, _) => null);

        Assert.Throws<ArgumentOutOfRangeException>(() => new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Loopback, 53)]), channel, options));
    }

    [Fact]
    public async Task IterativeDataSource_OptionsChangedAfterwards_AreNotSeen()
    {
        var options = new IterativeResolverOptions { MaxQueriesPerLookup = 1 };
        var channel = new ScriptedChannel((_, _) => null);
        var source = new IterativeDataSource(RootHints.FromEndPoints([new IPEndPoint(IPAddress.Loopback, 53), new IPEndPoint(IPAddress.Loopback, 54)]), channel, options);
        options.MaxQueriesPerLookup = 100;

        var response = await source.QueryAsync(new DnsQuestion(DomainName.Parse("example."), RecordType.A));

        Assert.False(response.HasMessage);
        Assert.Equal(1, channel.Queries);
    }
}
