using System.Buffers.Binary;
using System.Net;
using DnsSecure.Caching;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;

namespace DnsSecure.Tests.Caching;

public sealed class ResponseCacheTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.test.");

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void TryGet_BeforeTtlExpires_ReturnsAnswerWithRemainingTtl()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        cache.Store(key, Positive(key, ttl: 60));

        _clock.Advance(TimeSpan.FromSeconds(45));
        LookupResult? hit = cache.TryGet(key);

        Assert.NotNull(hit);
        Assert.True(hit.FromCache);
        Assert.Equal(15u, hit.Response!.Answers[0].Ttl);
        Assert.Equal(15u, hit.AnswerRrsets[0].Ttl);
    }

    [Fact]
    public void TryGet_TwiceWithinOneSecondOfAge_SharesOneCopy()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        cache.Store(key, Positive(key, ttl: 60));
        _clock.Advance(TimeSpan.FromSeconds(10.2));

        LookupResult? first = cache.TryGet(key);
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        LookupResult? second = cache.TryGet(key);

        Assert.Same(first, second);
        Assert.Equal(50u, second!.Response!.Answers[0].Ttl);
    }

    [Fact]
    public void TryGet_AfterTheAgeMovesOn_ReturnsLowerTtls()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        cache.Store(key, Positive(key, ttl: 60));

        LookupResult? fresh = cache.TryGet(key);
        _clock.Advance(TimeSpan.FromSeconds(1));
        LookupResult? older = cache.TryGet(key);

        Assert.NotSame(fresh, older);
        Assert.Equal(60u, fresh!.Response!.Answers[0].Ttl);
        Assert.Equal(59u, older!.Response!.Answers[0].Ttl);
        Assert.Equal(59u, older.AnswerRrsets[0].Ttl);
        Assert.True(fresh.FromCache);
    }

    [Fact]
    public void TryGet_AtTtlExpiry_Misses()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        cache.Store(key, Positive(key, ttl: 60));

        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Null(cache.TryGet(key));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Store_LowestTtlOfTheAnswerBoundsTheLifetime()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        LookupResult result = Positive(key, ttl: 600);
        result = result with { Response = result.Response! with { Answers = [.. result.Response.Answers, A(key, "192.0.2.2", 30)] } };

        Assert.Equal(TimeSpan.FromSeconds(30), cache.Store(key, result));
    }

    [Fact]
    public void Store_TtlAboveCap_IsCapped()
    {
        var cache = new ResponseCache(_clock, 10, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(50));
        CacheKey key = Key("www.example.test.", RecordType.A);

        Assert.Equal(TimeSpan.FromSeconds(100), cache.Store(key, Positive(key, ttl: 86400)));
    }

    [Fact]
    public void Store_NxDomainWithSoa_LivesForSoaMinimumWhenLower()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("nope.example.test.", RecordType.A);

        // RFC 2308 §5: min(SOA TTL 3600, MINIMUM 300).
        TimeSpan? lifetime = cache.Store(key, Negative(key, ResponseCode.NXDomain, soaTtl: 3600, minimum: 300));

        Assert.Equal(TimeSpan.FromSeconds(300), lifetime);
        _clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(ResponseCode.NXDomain, cache.TryGet(key)!.ResponseCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.TryGet(key));
    }

    [Fact]
    public void Store_NoDataWithSoa_LivesForSoaTtlWhenLower()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.AAAA);

        TimeSpan? lifetime = cache.Store(key, Negative(key, ResponseCode.NoError, soaTtl: 120, minimum: 3600));

        Assert.Equal(TimeSpan.FromSeconds(120), lifetime);
        Assert.NotNull(cache.TryGet(key));
    }

    [Fact]
    public void Store_NegativeWithoutSoa_IsNotCached()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("nope.example.test.", RecordType.A);
        LookupResult result = Negative(key, ResponseCode.NXDomain, 3600, 300);
        result = result with { Response = result.Response! with { Authorities = [] } };

        Assert.Null(cache.Store(key, result));
        Assert.Null(cache.TryGet(key));
    }

    [Fact]
    public void Store_NegativeAboveNegativeCap_IsCapped()
    {
        var cache = new ResponseCache(_clock, 10, TimeSpan.FromDays(1), TimeSpan.FromSeconds(60));
        CacheKey key = Key("nope.example.test.", RecordType.A);

        Assert.Equal(TimeSpan.FromSeconds(60), cache.Store(key, Negative(key, ResponseCode.NXDomain, 3600, 3600)));
    }

    [Fact]
    public void Store_CnameToMissingTarget_IsNegativeAndBoundedByBoth()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("alias.example.test.", RecordType.A);
        var cname = new ResourceRecord(key.Question.Name, 50, new UnknownRdata(RecordType.CNAME, DomainName.Parse("gone.example.test.").WireForm.ToArray()));
        LookupResult result = Negative(key, ResponseCode.NXDomain, 3600, 300);
        result = result with { Response = result.Response! with { Answers = [cname] } };

        Assert.Equal(TimeSpan.FromSeconds(50), cache.Store(key, result));
    }

    [Fact]
    public void Store_ServerFailure_IsNotCached()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        LookupResult result = Positive(key, 300) with { Status = LookupStatus.ServerFailure };

        Assert.Null(cache.Store(key, result));
    }

    [Fact]
    public void Store_ZeroTtl_IsNotCached()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);

        Assert.Null(cache.Store(key, Positive(key, ttl: 0)));
    }

    [Fact]
    public void TryGet_NameDiffersOnlyInCase_Hits()
    {
        ResponseCache cache = NewCache();
        cache.Store(Key("www.example.test.", RecordType.A), Positive(Key("www.example.test.", RecordType.A), 60));

        Assert.NotNull(cache.TryGet(Key("WWW.Example.TEST.", RecordType.A)));
    }

    [Fact]
    public void TryGet_DifferentDoFlag_Misses()
    {
        ResponseCache cache = NewCache();
        CacheKey key = Key("www.example.test.", RecordType.A);
        cache.Store(key, Positive(key, 60));

        Assert.Null(cache.TryGet(key with { DnssecOk = true }));
    }

    [Fact]
    public void Store_BeyondMaxEntries_EvictsLeastRecentlyUsed()
    {
        var cache = new ResponseCache(_clock, 3, TimeSpan.FromDays(1), TimeSpan.FromHours(1));
        CacheKey a = Key("a.example.test.", RecordType.A), b = Key("b.example.test.", RecordType.A);
        CacheKey c = Key("c.example.test.", RecordType.A), d = Key("d.example.test.", RecordType.A);
        cache.Store(a, Positive(a, 60));
        cache.Store(b, Positive(b, 60));
        cache.Store(c, Positive(c, 60));
        Assert.NotNull(cache.TryGet(a)); // a is now the most recently used; b the least

        cache.Store(d, Positive(d, 60));

        Assert.Equal(3, cache.Count);
        Assert.Null(cache.TryGet(b));
        Assert.NotNull(cache.TryGet(a));
        Assert.NotNull(cache.TryGet(c));
        Assert.NotNull(cache.TryGet(d));
    }

    [Fact]
    public void Store_ManyThreads_StaysWithinBound()
    {
        var cache = new ResponseCache(_clock, 100, TimeSpan.FromDays(1), TimeSpan.FromHours(1));
        Parallel.For(0, 5000, i =>
        {
            CacheKey key = Key($"n{i}.example.test.", RecordType.A);
            cache.Store(key, Positive(key, 60));
            cache.TryGet(Key($"n{i / 2}.example.test.", RecordType.A));
        });

        Assert.Equal(100, cache.Count);
    }

    private ResponseCache NewCache() => new(_clock, 1000, TimeSpan.FromDays(1), TimeSpan.FromHours(3));

    private static CacheKey Key(string name, RecordType type) => new(new DnsQuestion(DomainName.Parse(name), type), false, false);

    private static ResourceRecord A(CacheKey key, string address, uint ttl) => new(key.Question.Name, ttl, new ARdata(IPAddress.Parse(address)));

    private static LookupResult Positive(CacheKey key, uint ttl) => new()
    {
        Question = key.Question,
        Status = LookupStatus.Success,
        Response = new DnsMessage { IsResponse = true, Questions = [key.Question], Answers = [A(key, "192.0.2.1", ttl)] },
        AnswerRrsets = RRSet.Group([A(key, "192.0.2.1", ttl)]),
    };

    private static LookupResult Negative(CacheKey key, ResponseCode code, uint soaTtl, uint minimum) => new()
    {
        Question = key.Question,
        Status = LookupStatus.Success,
        Response = new DnsMessage { IsResponse = true, ResponseCode = code, Questions = [key.Question], Authorities = [Soa(soaTtl, minimum)] },
    };

    /// <summary>An SOA record built from its wire form (RFC 1035 §3.3.13), so the test does not depend on a typed SOA class.</summary>
    internal static ResourceRecord Soa(uint ttl, uint minimum)
    {
        byte[] mname = DomainName.Parse("ns.example.test.").WireForm.ToArray();
        byte[] rname = DomainName.Parse("hostmaster.example.test.").WireForm.ToArray();
        byte[] rdata = new byte[mname.Length + rname.Length + 20];
        mname.CopyTo(rdata, 0);
        rname.CopyTo(rdata, mname.Length);
        Span<byte> numbers = rdata.AsSpan(mname.Length + rname.Length);
        BinaryPrimitives.WriteUInt32BigEndian(numbers, 2026010101);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[4..], 7200);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[8..], 3600);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[12..], 1209600);
        BinaryPrimitives.WriteUInt32BigEndian(numbers[16..], minimum);
        return new ResourceRecord(Zone, ttl, new UnknownRdata(RecordType.SOA, rdata));
    }
}
