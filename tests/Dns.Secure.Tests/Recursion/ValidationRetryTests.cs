using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Recursion;
using DnsSecure.Resolution;
using DnsSecure.Testing.Server;

namespace DnsSecure.Tests.Recursion;

/// <summary>
/// Recursive mode after a validation failure (Unbound's server blacklist): the lookup is retried at the zone's other
/// servers, the server that sent bogus data is avoided for a while, and the retries stay within the lookup's budget.
/// </summary>
public sealed class ValidationRetryTests
{
    [Fact]
    public async Task Resolve_FirstServerCorruptsSignatures_RetriesAtTheOtherServerAndIsSecure()
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(Fault.CorruptSignatures);
        var channel = RecursionTree.Recording(tree);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel).ResolveAsync("www.example.", RecordType.A);

        Assert.True(result.Status == DnssecStatus.Secure, result.ToString());
        Assert.True(channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 0)) > 0);
        Assert.True(channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 1)) > 0);
    }

    [Fact]
    public async Task Resolve_AfterBogusData_TheServerIsAvoidedForItsZone()
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(Fault.CorruptSignatures);
        var channel = RecursionTree.Recording(tree);
        ValidatingResolver resolver = RecursionTree.Recursive(tree, channel);
        IPEndPoint bad = RecursionTree.EndPointOf(tree, "example.", 0);

        await resolver.ResolveAsync("www.example.", RecordType.A);
        int badAfterFirst = channel.CountTo(bad);
        ValidatedLookup second = await resolver.ResolveAsync("missing.example.", RecordType.A);

        Assert.True(second.Status == DnssecStatus.Secure, second.ToString());
        Assert.Equal(ResponseCode.NXDomain, second.ResponseCode);
        Assert.Equal(badAfterFirst, channel.CountTo(bad));
    }

    [Fact]
    public async Task Resolve_RetriesOff_FirstServerBogus_IsBogusWithoutAskingAnother()
    {
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(2));
        tree.ServerFor("example.", 0).Faults.Add(Fault.CorruptSignatures);
        var channel = RecursionTree.Recording(tree);
        IterativeResolverOptions options = RecursionTree.Options(tree, o => o.MaxValidationRetries = 0);

        ValidatedLookup result = await RecursionTree.Recursive(tree, channel, options).ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(0, channel.CountTo(RecursionTree.EndPointOf(tree, "example.", 1)));
    }

    [Fact]
    public async Task Resolve_EveryServerBogus_IsBogusWithEde6WithinTheRetryAndQueryBudgets()
    {
        // Six servers, all serving corrupted signatures, and at most two retries: the lookup asks at most three of them for
        // the zone's keys, stays within the validator's query budget and ends Bogus with the signature failure's EDE.
        const int Servers = 6;
        const int Retries = 2;
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(Servers));
        for (int i = 0; i < Servers; i++)
        {
            tree.ServerFor("example.", i).Faults.Add(Fault.CorruptSignatures);
        }

        var channel = RecursionTree.Recording(tree);
        IterativeResolverOptions options = RecursionTree.Options(tree, o => o.MaxValidationRetries = Retries);
        ValidatingResolverOptions resolverOptions = RecursionTree.ResolverOptions(tree, channel, options);

        ValidatedLookup result = await ValidatingResolver.CreateRecursive(tree.TrustAnchorStore, resolverOptions).ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ExtendedDnsErrorCode.DnssecBogus, result.Failure!.ExtendedDnsError);
        Assert.InRange(result.UpstreamQueries, 1, resolverOptions.MaxQueriesPerLookup);
        var askedForKeys = channel.Sent.Where(s => s.Question.Type == RecordType.DNSKEY && s.Question.Name == DomainName.Parse("example.")).Select(s => s.Server).Distinct().Count();
        Assert.InRange(askedForKeys, 1, Retries + 1);
    }

    [Fact]
    public async Task Resolve_EveryServerBogusWithATinyQueryBudget_StaysBogusAndWithinTheBudget()
    {
        // The retries share the lookup's budget: a budget spent by the first attempts ends the retries, and the verdict is
        // still the data's (Bogus), not "ran out of work".
        await using var tree = await RecursionTree.CreateAsync(b => b.AddZone("example.").WithNameServers(4));
        for (int i = 0; i < 4; i++)
        {
            tree.ServerFor("example.", i).Faults.Add(Fault.CorruptSignatures);
        }

        var channel = RecursionTree.Recording(tree);
        ValidatingResolverOptions resolverOptions = RecursionTree.ResolverOptions(tree, channel, RecursionTree.Options(tree, o => o.MaxValidationRetries = 10));
        resolverOptions.MaxQueriesPerLookup = 5;

        ValidatedLookup result = await ValidatingResolver.CreateRecursive(tree.TrustAnchorStore, resolverOptions).ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.NotEqual(ValidationFailureKind.WorkLimitExceeded, result.Failure!.Kind);
        Assert.InRange(result.UpstreamQueries, 1, 6);
    }
}
