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
        Assert.Contains(result.Chain, s => s.Kind == ChainStepKind.Rrset && s.Owner == DomainName.Parse("t.") && s.Status == DnssecStatus.Secure);
        Assert.DoesNotContain(result.Chain, s => s.Owner == DomainName.Parse("x."));
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
    public async Task Resolve_ChainReachingACachedAnswer_LivesNoLongerThanWhatTheTargetHasLeft()
    {
        // t.'s answer was cached 290 s ago with a TTL of 300: a chain y. → t. built on it now counts 10 s, not 300, and is
        // asked again once t. has expired.
        _root.Respond("y.", RecordType.A, _root.Signed("y. 300 IN CNAME t."));
        ValidatingResolver resolver = _root.Resolver(new ValidatingResolverOptions { MinCacheTtl = TimeSpan.Zero });
        await resolver.ResolveAsync("t.", RecordType.A);
        _root.Time.Advance(TimeSpan.FromSeconds(290));

        ValidatedLookup result = await resolver.ResolveAsync("y.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, _root.QueriesFor("t.", RecordType.A));
        Assert.InRange(result.Ttl, 1u, 10u);
        _root.Time.Advance(TimeSpan.FromSeconds(100));
        ValidatedLookup later = await resolver.ResolveAsync("y.", RecordType.A);
        Assert.NotSame(result, later);
        Assert.Equal(2, _root.QueriesFor("t.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_TargetInAnotherZone_IsNotCached()
    {
        // x. (root) → t.kid. (the signed child kid.): the target is asked for on its own, not taken from the root's answer.
        using var kid = new ScriptedZone("kid.");
        DnsMessage keys = (await kid.QueryAsync(new DnsQuestion(kid.Zone, RecordType.DNSKEY))).Message!;
        var dnskey = (DnskeyRdata)keys.Answers.First(r => r.Data is DnskeyRdata).Data;
        var ds = new DsRdata(dnskey.KeyTag, dnskey.Algorithm, Iana.DigestType.Sha256, DnsSecure.Dnssec.Algorithms.DsDigest.Compute(Iana.DigestType.Sha256, kid.Zone, dnskey.ToWire())!);
        _root.Respond("kid.", RecordType.DS, _root.Signed(new ResourceRecord(kid.Zone, RecordClass.IN, 3600, ds)));
        _root.Respond("kid.", RecordType.DNSKEY, [.. keys.Answers]);
        _root.Respond("x.", RecordType.A, [.. _root.Signed("x. 300 IN CNAME t.kid."), .. kid.Signed("t.kid. 300 IN A 192.0.2.8")]);
        _root.Respond("t.kid.", RecordType.A, kid.Signed("t.kid. 300 IN A 192.0.2.8"));
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("x.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("t.kid.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, _root.QueriesFor("t.kid.", RecordType.A));
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
