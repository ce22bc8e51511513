using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Resolution;

/// <summary>A Secure answer reached through a CNAME chain also answers its target's question from the cache.</summary>
public sealed class ValidatingResolverChainCacheTests : IDisposable
{
    private readonly ScriptedZone _root = new();

    public ValidatingResolverChainCacheTests()
    {
        _root.Respond("x.", RecordType.A, _root.Signed("x. 300 IN CNAME t.", "t. 300 IN A 192.0.2.7"));
        _root.Respond("t.", RecordType.A, _root.Signed("t. 300 IN A 192.0.2.7"));
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Resolve_TargetOfSecureChain_IsAnsweredFromTheCache()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("t.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(0, _root.QueriesFor("t.", RecordType.A));
        ResourceRecord answer = Assert.Single(result.Answers);
        Assert.Equal(DomainName.Parse("t."), answer.Name);
        Assert.Equal(DomainName.Parse("t."), result.Question.Name);
        Assert.Equal(DomainName.Parse("t."), result.CanonicalName);
    }

    [Fact]
    public async Task Resolve_ChainReachingACachedSecureAnswer_UsesIt()
    {
        // y. → t.: the server answers only the CNAME, so the chain continues at t., whose answer is cached.
        _root.Respond("y.", RecordType.A, _root.Signed("y. 300 IN CNAME t."));
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("t.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("y.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal([RecordType.CNAME, RecordType.A], result.Answers.Select(r => r.Type));
        Assert.Equal(1, _root.QueriesFor("t.", RecordType.A));
        Assert.Contains(result.Chain, s => s.Kind == ChainStepKind.Rrset && s.Owner == DomainName.Parse("t.") && s.Detail == "the validated answer cached for this name");
    }

    [Fact]
    public async Task Resolve_TargetOfBogusChain_IsNotCached()
    {
        using var other = new ScriptedZone();
        _root.Respond("x.", RecordType.A, [.. _root.Signed("x. 300 IN CNAME t."), .. other.Signed("t. 300 IN A 192.0.2.66")]);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Bogus, (await resolver.ResolveAsync("x.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("t.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, _root.QueriesFor("t.", RecordType.A));
        Assert.Equal("192.0.2.7", ((ARdata)Assert.Single(result.Answers).Data).Address.ToString());
    }
}
