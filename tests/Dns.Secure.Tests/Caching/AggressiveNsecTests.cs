using DnsSecure.Caching;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.Resolution;

namespace DnsSecure.Tests.Caching;

/// <summary>RFC 8198 aggressive use of the validated NSEC/NSEC3 cache, through <see cref="ValidatingResolver"/>.</summary>
public sealed class AggressiveNsecTests : IDisposable
{
    // SOA MINIMUM 300 < NSEC TTL 3600: cached denials live 300 s (RFC 8198 §5.4, RFC 9077).
    private const string Soa = ". 3600 IN SOA a. b. 1 1800 900 604800 300";
    private readonly ScriptedZone _root = new();

    public AggressiveNsecTests()
    {
        // . → b. → d. → (wraps to) .  "c." and "ca." fall between b. and d.; "*." between . and b.
        _root.Respond("c.", RecordType.A, [], _root.Signed(Soa, ". 3600 IN NSEC b. NS SOA RRSIG NSEC DNSKEY", "b. 3600 IN NSEC d. A RRSIG NSEC"), ResponseCode.NXDomain);
        _root.Respond("b.", RecordType.MX, [], _root.Signed(Soa, "b. 3600 IN NSEC d. A RRSIG NSEC"));
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Resolve_NameCoveredByCachedNsec_IsSynthesisedNxdomainWithoutQuery()
    {
        ValidatingResolver resolver = _root.Resolver();
        ValidatedLookup first = await resolver.ResolveAsync("c.", RecordType.A);
        Assert.False(first.Synthesized);

        ValidatedLookup second = await resolver.ResolveAsync("ca.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Secure, second.Status);
        Assert.Equal(ResponseCode.NXDomain, second.ResponseCode);
        Assert.True(second.Synthesized);
        Assert.Equal(0, second.UpstreamQueries);
        Assert.Equal(0, _root.QueriesFor("ca.", RecordType.TXT));
        Assert.Contains(second.Chain, s => s.Kind == ChainStepKind.Denial && s.Detail!.Contains("RFC 8198", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_AfterABogusDenial_ItsSignedNsecIsNotCached()
    {
        // An NXDOMAIN for "cb." with the validly signed NSEC b. → d. (which covers it) but no proof that no wildcard could
        // answer (RFC 4035 §5.4): the proof fails, the answer is Bogus, and that NSEC is not kept — "b." TXT, which its
        // type bitmap would deny, is asked upstream (Unbound caches denial records only from secure answers).
        _root.Respond("cb.", RecordType.A, [], _root.Signed(Soa, "b. 3600 IN NSEC d. A RRSIG NSEC"), ResponseCode.NXDomain);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Bogus, (await resolver.ResolveAsync("cb.", RecordType.A)).Status);

        ValidatedLookup next = await resolver.ResolveAsync("b.", RecordType.TXT);

        Assert.False(next.Synthesized);
        Assert.Equal(1, _root.QueriesFor("b.", RecordType.TXT));
    }

    [Fact]
    public async Task Resolve_TypeMissingFromCachedNsec_IsSynthesisedNodata()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("b.", RecordType.MX);

        ValidatedLookup result = await resolver.ResolveAsync("b.", RecordType.TXT);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.True(result.Synthesized);
        Assert.Empty(result.Answers);
        Assert.Equal(0, _root.QueriesFor("b.", RecordType.TXT));
    }

    [Fact]
    public async Task Resolve_TypeListedInCachedNsec_IsAskedUpstream()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("b.", RecordType.MX);
        _root.Respond("b.", RecordType.A, _root.Signed("b. 60 IN A 192.0.2.1"));

        ValidatedLookup result = await resolver.ResolveAsync("b.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task Resolve_AfterSoaMinimum_AsksUpstreamAgain()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("c.", RecordType.A);
        _root.Time.Advance(TimeSpan.FromSeconds(301));

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_BeforeSoaMinimum_IsStillSynthesised()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("c.", RecordType.A);
        _root.Time.Advance(TimeSpan.FromSeconds(299));

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.True(result.Synthesized);
        Assert.InRange(result.Ttl, 1u, 300u);
    }

    [Fact]
    public async Task ClearCache_DropsCachedDenials()
    {
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("c.", RecordType.A);
        resolver.ClearCache();

        await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_AggressiveNsecOff_AlwaysAsksUpstream()
    {
        ValidatingResolver resolver = _root.Resolver(new ValidatingResolverOptions { AggressiveNsec = false });
        await resolver.ResolveAsync("c.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_ChainDsQueryDeniedByCachedNsec_IsAnsweredFromTheCache()
    {
        // b. has no DS and no NS in the cached NSEC: not a zone cut, so the chain needs no DS query, and an unsigned
        // RRset at b. is a stripped signature in the signed root (Bogus, not Indeterminate for want of a DS answer).
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("c.", RecordType.A);
        _root.Respond("b.", RecordType.A, ScriptedZone.Unsigned("b. 60 IN A 192.0.2.1"));

        ValidatedLookup result = await resolver.ResolveAsync("b.", RecordType.A);

        Assert.Equal(0, _root.QueriesFor("b.", RecordType.DS));
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Equal(ValidationFailureKind.MissingSignature, result.Failure!.Kind);
    }

    [Fact]
    public void Options_AggressiveNsec_DefaultsOnAsInUnbound() => Assert.True(new ValidatingResolverOptions().AggressiveNsec);

    [Fact]
    public async Task Resolve_WildcardExistsInCachedChain_NxdomainIsNotSynthesised()
    {
        // RFC 8198 §5.3: with a wildcard at the closest encloser the name may exist through it: no NXDOMAIN from the cache.
        _root.Respond("x.", RecordType.A, [], _root.Signed(Soa, "*. 3600 IN NSEC b. TXT RRSIG NSEC", "b. 3600 IN NSEC d. A RRSIG NSEC"));
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.TXT);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.TXT));
    }

    [Fact]
    public async Task Resolve_BogusDenial_IsNeverCached()
    {
        // The NSEC's signature is from another key: the first answer is Bogus and nothing is remembered from it.
        using var other = new ScriptedZone();
        _root.Respond("c.", RecordType.A, [], [.. _root.Signed(Soa), .. other.Signed(". 3600 IN NSEC b. NS SOA RRSIG NSEC DNSKEY", "b. 3600 IN NSEC d. A RRSIG NSEC")], ResponseCode.NXDomain);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Bogus, (await resolver.ResolveAsync("c.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_OptOutNsec3Span_NeverSynthesisesNxdomain()
    {
        // Two opt-out NSEC3 records cover every hash but the apex's: the NXDOMAIN is Insecure (RFC 5155 §9.2) and never
        // used for synthesis (RFC 8198 §4).
        byte[] apex = Nsec3Hash.Compute(DomainName.Root, [], 0);
        byte[] other = (byte[])apex.Clone();
        other[0] ^= 0x80;
        string Owner(byte[] h) => Nsec3Hash.ToLabel(h) + ".";
        string Next(byte[] h) => Nsec3Hash.ToLabel(h).ToUpperInvariant();
        _root.Respond("c.", RecordType.A, [], _root.Signed(Soa,
            $"{Owner(apex)} 3600 IN NSEC3 1 1 0 - {Next(other)} NS SOA RRSIG DNSKEY NSEC3PARAM",
            $"{Owner(other)} 3600 IN NSEC3 1 1 0 - {Next(apex)} A RRSIG"), ResponseCode.NXDomain);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Insecure, (await resolver.ResolveAsync("c.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("ca.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("ca.", RecordType.A));
    }

    [Fact]
    public void Cache_ManyRRsetsInOneZone_StaysBounded()
    {
        var time = new Dnssec.ManualTimeProvider(ScriptedZone.Now);
        var cache = new AggressiveNsecCache(time);
        var sig = new RrsigRdata(RecordType.NSEC, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 3600, 2, 1, 7, DomainName.Root, new byte[64]);
        for (int i = 0; i < AggressiveNsecCache.MaxRRsetsPerZone + 50; i++)
        {
            var owner = DomainName.Parse($"n{i}.");
            cache.Add(DomainName.Root, [ResourceRecord.Parse($"n{i}. 3600 IN NSEC n{i}a. A RRSIG NSEC"), new ResourceRecord(owner, 3600, sig)], (uint)(100 + i));
        }

        Assert.Equal(AggressiveNsecCache.MaxRRsetsPerZone, cache.Count);
        cache.Clear();
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Cache_UnsignedRRset_IsNotKept()
    {
        var cache = new AggressiveNsecCache(new Dnssec.ManualTimeProvider(ScriptedZone.Now));
        cache.Add(DomainName.Root, [ResourceRecord.Parse("a. 3600 IN NSEC b. A RRSIG NSEC")], 300);
        Assert.Equal(0, cache.Count);
    }
    [Fact]
    public void Cache_ManyRRsetsInOneZone_FindsOnlyTheMatchingOrCoveringOnes()
    {
        var time = new Dnssec.ManualTimeProvider(ScriptedZone.Now);
        var cache = new AggressiveNsecCache(time);
        var sig = new RrsigRdata(RecordType.NSEC, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 3600, 2, 1, 7, DomainName.Root, new byte[64]);

        // Owners n000. … n998. (even numbers), each covering the gap up to the next odd name.
        for (int i = 0; i < 1000; i += 2)
        {
            cache.Add(DomainName.Root, [ResourceRecord.Parse($"n{i:D3}. 3600 IN NSEC n{i + 1:D3}. A RRSIG NSEC"), new ResourceRecord(DomainName.Parse($"n{i:D3}."), 3600, sig)], 300);
        }

        bool found = cache.TryGetRelevant(DomainName.Parse("n500a."), DomainName.Parse("n500a."), new ValidatorOptions(), out DomainName? zone, out List<ResourceRecord> records, out _);

        Assert.True(found);
        Assert.Equal(DomainName.Root, zone);
        var owners = records.Where(r => r.Type == RecordType.NSEC).Select(r => r.Name.ToString()).ToList();
        Assert.Contains("n500.", owners);                 // covers n500a. (n500. < n500a. < n501.)
        Assert.DoesNotContain("n498.", owners);           // precedes it but ends before it
        Assert.True(owners.Count <= 3, string.Join(' ', owners));
    }

    [Fact]
    public void Cache_ExpiredPredecessor_IsNotUsed()
    {
        var time = new Dnssec.ManualTimeProvider(ScriptedZone.Now);
        var cache = new AggressiveNsecCache(time);
        var sig = new RrsigRdata(RecordType.NSEC, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 3600, 2, 1, 7, DomainName.Root, new byte[64]);
        cache.Add(DomainName.Root, [ResourceRecord.Parse("b. 3600 IN NSEC d. A RRSIG NSEC"), new ResourceRecord(DomainName.Parse("b."), 3600, sig)], 60);
        time.Advance(TimeSpan.FromSeconds(61));

        Assert.False(cache.TryGetRelevant(DomainName.Parse("c."), DomainName.Parse("c."), new ValidatorOptions(), out _, out _, out _));
    }

    [Fact]
    public void Cache_SameRecordsAddedAgainForLonger_KeepTheSoonerExpiry()
    {
        // Kept for 60 s from a negative answer (SOA MINIMUM); the same NSEC seen again in a wildcard answer (no SOA, NSEC TTL
        // 3600) must not lengthen that (RFC 8198 §5.4, RFC 9077 §3). Once expired, a new one starts afresh.
        var time = new Dnssec.ManualTimeProvider(ScriptedZone.Now);
        var cache = new AggressiveNsecCache(time);
        var sig = new RrsigRdata(RecordType.NSEC, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 3600, 2, 1, 7, DomainName.Root, new byte[64]);
        ResourceRecord[] nsec = [ResourceRecord.Parse("b. 3600 IN NSEC d. A RRSIG NSEC"), new ResourceRecord(DomainName.Parse("b."), 3600, sig)];
        cache.Add(DomainName.Root, nsec, 60);
        time.Advance(TimeSpan.FromSeconds(30));
        cache.Add(DomainName.Root, nsec, 3600);
        Assert.True(cache.TryGetRelevant(DomainName.Parse("c."), DomainName.Parse("c."), new ValidatorOptions(), out _, out _, out uint left));
        Assert.InRange(left, 1u, 30u);

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(cache.TryGetRelevant(DomainName.Parse("c."), DomainName.Parse("c."), new ValidatorOptions(), out _, out _, out _));
        cache.Add(DomainName.Root, nsec, 3600);
        Assert.True(cache.TryGetRelevant(DomainName.Parse("c."), DomainName.Parse("c."), new ValidatorOptions(), out _, out _, out _));
    }

    // ---- RFC 8198 §5.3: positive answers from a cached wildcard ----

    private const string WildcardNsec = "*.w. 3600 IN NSEC z. A RRSIG NSEC"; // *.w. exists; covers every other name under w.

    /// <summary>Scripts x.w. A as a wildcard expansion of *.w. A (TTL <paramref name="ttl"/>) proven by the NSEC at *.w.</summary>
    private void RespondWildcardExpansion(string name = "x.w.", uint ttl = 60, string nsec = WildcardNsec, string data = "A 192.0.2.1", RecordType type = RecordType.A) =>
        _root.Respond(name, type, Dnssec.Denial.DenialEvidenceTests.Expand(_root.Signed($"*.w. {ttl} IN {data}"), name), _root.Signed(nsec));

    [Fact]
    public async Task Resolve_NameUnderCachedWildcard_IsSynthesisedPositiveAnswerWithoutQuery()
    {
        RespondWildcardExpansion();
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("x.w.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.True(result.Synthesized);
        Assert.Equal(0, result.UpstreamQueries);
        Assert.Equal(0, _root.QueriesFor("y.w.", RecordType.A));
        ResourceRecord answer = Assert.Single(result.Answers);
        Assert.Equal(DomainName.Parse("y.w."), answer.Name);
        Assert.Equal("192.0.2.1", ((ARdata)answer.Data).Address.ToString());
        Assert.InRange(result.Ttl, 1u, 60u); // min(wildcard RRset 60, NSEC 3600): RFC 8198 §5.4
        Assert.Contains(result.Chain, s => s.Kind == ChainStepKind.Denial && s.Detail!.Contains("wildcard *.w.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_WildcardNotCached_IsAskedUpstream()
    {
        // The NSEC at *.w. is cached from a wildcard NODATA answer, but the wildcard's A RRset was never seen.
        _root.Respond("x.w.", RecordType.TXT, [], _root.Signed(Soa, WildcardNsec));
        _root.Respond("y.w.", RecordType.A, Dnssec.Denial.DenialEvidenceTests.Expand(_root.Signed("*.w. 60 IN A 192.0.2.1"), "y.w."), _root.Signed(WildcardNsec));
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("x.w.", RecordType.TXT)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, _root.QueriesFor("y.w.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_NameBelowAnExistingNameUnderTheWildcard_IsNotAnsweredFromTheWildcard()
    {
        // w. holds *.w. and b.w.; x.w. A is expanded from *.w., proven by the NSEC b.w. → z. Under b.w. (which exists, as that
        // very NSEC shows) the closest encloser of y.b.w. is b.w., so *.w. cannot answer it (RFC 4592 §3.3.1, RFC 8198 §5.3)
        // even though the same NSEC covers y.b.w.: it is asked upstream.
        RespondWildcardExpansion("x.w.", nsec: "b.w. 3600 IN NSEC z. A RRSIG NSEC");
        _root.Respond("y.b.w.", RecordType.A, [], _root.Signed(Soa, "b.w. 3600 IN NSEC z. A RRSIG NSEC"), ResponseCode.NXDomain);
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("x.w.", RecordType.A)).Status);

        ValidatedLookup result = await resolver.ResolveAsync("y.b.w.", RecordType.A);

        Assert.False(result.Synthesized && result.Answers.Length > 0);
        Assert.Empty(result.Answers);
        Assert.Equal(ResponseCode.NXDomain, result.ResponseCode);
        Assert.DoesNotContain(result.Chain, s => s.Detail is { } d && d.Contains("wildcard *.w.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_NameNotCoveredByCachedNsec_IsAskedUpstream()
    {
        // *.w. → m.w. covers c.w. but not x.w. (after m.w.); the record covering x.w. was never seen.
        RespondWildcardExpansion("c.w.", nsec: "*.w. 3600 IN NSEC m.w. A RRSIG NSEC");
        RespondWildcardExpansion("x.w.", nsec: "m.w. 3600 IN NSEC z. A RRSIG NSEC");
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("c.w.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("x.w.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("x.w.", RecordType.A));
        Assert.True((await resolver.ResolveAsync("d.w.", RecordType.A)).Synthesized); // still covered by *.w. → m.w.
    }

    [Fact]
    public async Task Resolve_CachedWildcardExpired_IsAskedUpstream()
    {
        RespondWildcardExpansion();
        RespondWildcardExpansion("y.w.");
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.w.", RecordType.A);
        _root.Time.Advance(TimeSpan.FromSeconds(61)); // the wildcard RRset's 60 s are over; the NSEC's 3600 are not

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("y.w.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_CachedNsecExpired_IsAskedUpstream()
    {
        RespondWildcardExpansion(ttl: 3600, nsec: "*.w. 120 IN NSEC z. A RRSIG NSEC");
        RespondWildcardExpansion("y.w.", ttl: 3600, nsec: "*.w. 120 IN NSEC z. A RRSIG NSEC");
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.w.", RecordType.A);
        _root.Time.Advance(TimeSpan.FromSeconds(121));

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("y.w.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_TypeAbsentFromCachedWildcard_IsSynthesisedWildcardNodata()
    {
        RespondWildcardExpansion();
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.w.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.MX);

        Assert.True(result.Synthesized);
        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(ResponseCode.NoError, result.ResponseCode);
        Assert.Empty(result.Answers);
    }

    [Fact]
    public async Task Resolve_CnameAtCachedWildcard_IsSynthesisedAndFollowed()
    {
        RespondWildcardExpansion(nsec: "*.w. 3600 IN NSEC z. CNAME RRSIG NSEC", data: "CNAME t.", type: RecordType.CNAME);
        _root.Respond("t.", RecordType.A, _root.Signed("t. 300 IN A 192.0.2.7"));
        ValidatingResolver resolver = _root.Resolver();
        await resolver.ResolveAsync("x.w.", RecordType.CNAME);

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.True(result.Synthesized);
        Assert.Equal(DomainName.Parse("t."), result.CanonicalName);
        Assert.Equal([RecordType.CNAME, RecordType.A], result.Answers.Select(r => r.Type));
        Assert.Equal(0, _root.QueriesFor("y.w.", RecordType.A));
        Assert.Equal(1, _root.QueriesFor("t.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_AggressiveNsecOff_NeverSynthesisesFromWildcard()
    {
        RespondWildcardExpansion();
        RespondWildcardExpansion("y.w.");
        ValidatingResolver resolver = _root.Resolver(new ValidatingResolverOptions { AggressiveNsec = false });
        await resolver.ResolveAsync("x.w.", RecordType.A);

        ValidatedLookup result = await resolver.ResolveAsync("y.w.", RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor("y.w.", RecordType.A));
    }

    [Fact]
    public async Task Resolve_Nsec3WildcardExpansion_IsSynthesisedForAnotherName()
    {
        List<ResourceRecord> chain = Nsec3Zone().Nsec3Chain();
        RespondNsec3WildcardExpansion(chain, "x.w.");
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync("x.w.", RecordType.A)).Status);

        // y.w.'s next closer name (itself) falls in some NSEC3 span; the test needs that span cached.
        string other = Enumerable.Range(0, 200).Select(i => $"n{i}.w.").First(n => CoveringNsec3(chain, n) == CoveringNsec3(chain, "x.w."));
        ValidatedLookup result = await resolver.ResolveAsync(other, RecordType.A);

        Assert.True(result.Synthesized);
        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(DomainName.Parse(other), Assert.Single(result.Answers).Name);
    }

    [Fact]
    public async Task Resolve_OptOutNsec3WildcardExpansion_IsNeverSynthesised()
    {
        // RFC 5155 §9.2 / RFC 8198 §4: with opt-out on the next closer name an unsigned delegation may hide there.
        List<ResourceRecord> chain = Nsec3Zone().Nsec3Chain(optOutEverywhere: true);
        RespondNsec3WildcardExpansion(chain, "x.w.");
        ValidatingResolver resolver = _root.Resolver();
        Assert.Equal(DnssecStatus.Insecure, (await resolver.ResolveAsync("x.w.", RecordType.A)).Status);
        string other = Enumerable.Range(0, 200).Select(i => $"n{i}.w.").First(n => CoveringNsec3(chain, n) == CoveringNsec3(chain, "x.w."));
        RespondNsec3WildcardExpansion(chain, other);

        ValidatedLookup result = await resolver.ResolveAsync(other, RecordType.A);

        Assert.False(result.Synthesized);
        Assert.Equal(1, _root.QueriesFor(other, RecordType.A));
    }

    [Fact]
    public void Cache_WildcardRRset_IsKeptUnderTheBoundAndDroppedByClear()
    {
        var time = new Dnssec.ManualTimeProvider(ScriptedZone.Now);
        var cache = new AggressiveNsecCache(time);
        var sig = new RrsigRdata(RecordType.A, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 60, 2, 1, 7, DomainName.Root, new byte[64]);
        var rrset = new RRSet(DomainName.Parse("x.w."), RecordClass.IN, 60, [ResourceRecord.Parse("x.w. 60 IN A 192.0.2.1").Data]);
        for (int i = 0; i < AggressiveNsecCache.MaxRRsetsPerZone + 10; i++)
        {
            cache.AddWildcard(DomainName.Root, DomainName.Parse($"*.w{i}."), rrset, sig, (uint)(100 + i));
        }

        Assert.Equal(AggressiveNsecCache.MaxRRsetsPerZone, cache.Count);
        Assert.True(cache.TryGetWildcard(DomainName.Root, DomainName.Parse("*.w1030."), RecordType.A, out ResourceRecord[] records, out uint ttl));
        Assert.All(records, r => Assert.Equal(DomainName.Parse("*.w1030."), r.Name));
        Assert.Equal(2, records.Length);
        Assert.Equal(1130u, ttl);
        Assert.False(cache.TryGetWildcard(DomainName.Root, DomainName.Parse("*.w0."), RecordType.A, out _, out _)); // evicted: soonest to expire
        cache.Clear();
        Assert.False(cache.TryGetWildcard(DomainName.Root, DomainName.Parse("*.w1030."), RecordType.A, out _, out _));
    }

    [Fact]
    public void Cache_AddWildcard_RejectsANonWildcardOwner()
    {
        var cache = new AggressiveNsecCache(new Dnssec.ManualTimeProvider(ScriptedZone.Now));
        var sig = new RrsigRdata(RecordType.A, Iana.DnssecAlgorithm.EcdsaP256Sha256, 1, 60, 2, 1, 7, DomainName.Root, new byte[64]);
        var rrset = new RRSet(DomainName.Parse("x.w."), RecordClass.IN, 60, [ResourceRecord.Parse("x.w. 60 IN A 192.0.2.1").Data]);

        cache.AddWildcard(DomainName.Root, DomainName.Parse("w."), rrset, sig, 60);

        Assert.Equal(0, cache.Count);
    }

    private static Dnssec.Denial.DenialZone Nsec3Zone() => new Dnssec.Denial.DenialZone(".").Add("w.", RecordType.TXT).Add("*.w.", RecordType.A);

    private static DomainName CoveringNsec3(List<ResourceRecord> chain, string name)
    {
        byte[] hash = Nsec3Hash.Compute(DomainName.Parse(name), [], 0);
        return chain.Single(r => Nsec3Hash.TryGetOwnerHash(r.Name, out byte[]? owner)
            && DnsSecure.Dnssec.Denial.DenialRelevance.MatchesOrCovers(owner, ((Nsec3Rdata)r.Data).NextHashedOwnerName.Span, hash)).Name;
    }

    /// <summary>Scripts <paramref name="name"/> A as an expansion of *.w. A, proven (RFC 5155 §8.8) by the NSEC3 covering
    /// the next closer name (the name itself).</summary>
    private void RespondNsec3WildcardExpansion(List<ResourceRecord> chain, string name)
    {
        DomainName cover = CoveringNsec3(chain, name);
        _root.Respond(name, RecordType.A, Dnssec.Denial.DenialEvidenceTests.Expand(_root.Signed("*.w. 60 IN A 192.0.2.1"), name),
            _root.Signed([.. chain.Where(r => r.Name == cover)]));
    }
}
