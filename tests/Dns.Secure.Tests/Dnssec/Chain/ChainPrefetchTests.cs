using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Dnssec.Chain;

/// <summary>
/// The chain's DS/DNSKEY queries sent ahead (<see cref="ChainPrefetch"/>): they travel concurrently, every verdict equals the
/// strictly sequential walk's — with honest data, forged or bogus DS/DNSKEY answers and too small a query budget — and the
/// budget is never exceeded.
/// </summary>
public sealed class ChainPrefetchTests(ChainPrefetchTests.Tree fixture) : IClassFixture<ChainPrefetchTests.Tree>
{
    private static readonly DomainName s_tlsa = DomainName.Parse("_443._tcp.www.ecdsa.bench.");

    /// <summary>
    /// <c>.</c> → <c>bench.</c> → <c>ecdsa.bench.</c> (ECDSA, NSEC) and <c>rsa.bench.</c> (RSA, NSEC3); <c>deep.ent.bench.</c>
    /// below an empty non-terminal of <c>bench.</c> (not a cut); <c>unsigned.bench.</c> an insecure delegation;
    /// <c>z.y.x.w.bench.</c> below <c>w.bench.</c> and two empty non-terminals of it (a signer four names below the root). Shared by the
    /// tests of the class (they run one after another); a test that adds a fault removes it.
    /// </summary>
    public sealed class Tree : IAsyncLifetime
    {
        public TestHierarchy Hierarchy { get; private set; } = null!;

        public async Task InitializeAsync() => Hierarchy = await CreateAsync();

        public async Task DisposeAsync() => await Hierarchy.DisposeAsync();
    }

    private TestHierarchy Hierarchy => fixture.Hierarchy;

    private static Task<TestHierarchy> CreateAsync() => TestHierarchy.CreateAsync(b =>
    {
        b.AddZone("bench.");
        b.AddZone("ecdsa.bench.")
            .WithTlsa(443, new TlsaRdata(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]), "www")
            .WithRecord("www IN A 192.0.2.1")
            .WithRecord("*.wild IN A 192.0.2.2")
            .WithRecord("alias IN CNAME www.rsa.bench.");
        b.AddZone("rsa.bench.").WithAlgorithm(DnssecAlgorithm.RsaSha256).WithNsec3().WithRecord("www IN A 192.0.2.3");
        b.AddZone("deep.ent.bench.").WithRecord("www IN A 192.0.2.4");
        b.AddZone("w.bench.");
        b.AddZone("z.y.x.w.bench.").WithRecord("www IN A 192.0.2.6");
        b.AddZone("unsigned.bench.").Unsigned().WithRecord("www IN A 192.0.2.5");
    });

    /// <summary>Lookups whose chains differ: positive, CNAME across zones, wildcard, NODATA, NXDOMAIN, through an empty non-terminal, insecure.</summary>
    public static TheoryData<string, RecordType> Lookups => new()
    {
        { "_443._tcp.www.ecdsa.bench.", RecordType.TLSA },
        { "alias.ecdsa.bench.", RecordType.A },
        { "x.wild.ecdsa.bench.", RecordType.A },
        { "www.ecdsa.bench.", RecordType.MX },
        { "nothing.ecdsa.bench.", RecordType.A },
        { "www.rsa.bench.", RecordType.A },
        { "nothing.rsa.bench.", RecordType.A },
        { "www.deep.ent.bench.", RecordType.A },
        { "www.z.y.x.w.bench.", RecordType.A },
        { "www.unsigned.bench.", RecordType.A },
        { "ecdsa.bench.", RecordType.DS },
        { "bench.", RecordType.DNSKEY },
    };

    /// <summary>Forged or broken answers to the chain's queries — the very answers a walk that asks ahead receives early.</summary>
    public static TheoryData<string, string, RecordType> Forgeries => new()
    {
        { "corrupt-signatures", "ecdsa.bench.", RecordType.DS },
        { "corrupt-signatures", "bench.", RecordType.DNSKEY },
        { "corrupt-signatures", "ecdsa.bench.", RecordType.DNSKEY },
        { "corrupt-signatures", ".", RecordType.DNSKEY },
        { "wrong-ds", "bench.", RecordType.DS },
        { "wrong-ds", "ecdsa.bench.", RecordType.DS },
        { "drop-signatures", "ecdsa.bench.", RecordType.DS },
        { "drop-signatures", "bench.", RecordType.DNSKEY },
        { "strip-dnssec", "ecdsa.bench.", RecordType.DS },
        { "strip-dnssec", "ecdsa.bench.", RecordType.DNSKEY },
        { "server-failure", "bench.", RecordType.DS },
        { "server-failure", "ecdsa.bench.", RecordType.DNSKEY },
        { "refuse", "bench.", RecordType.DNSKEY },
        { "oversized-key-set", "ecdsa.bench.", RecordType.DNSKEY },
        { "wrong-question", "ecdsa.bench.", RecordType.DS },
    };

    [Fact]
    public async Task Resolve_ColdChain_SendsTheChainQueriesConcurrently()
    {
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);
        var ahead = new GatedSource(new StubDataSource(stub), TimeSpan.FromMilliseconds(30));
        var sequential = new GatedSource(new StubDataSource(stub), TimeSpan.FromMilliseconds(30));

        ValidatedLookup fast = await Resolver(tree, ahead, sendAhead: true).ResolveAsync(s_tlsa, RecordType.TLSA);
        ValidatedLookup slow = await Resolver(tree, sequential, sendAhead: false).ResolveAsync(s_tlsa, RecordType.TLSA);

        Assert.Equal(DnssecStatus.Secure, fast.Status);
        Assert.Equal(DnssecStatus.Secure, slow.Status);
        // TLSA, DNSKEY ., DS bench., DNSKEY bench., DS ecdsa.bench., DNSKEY ecdsa.bench.: the same six either way.
        Assert.Equal(6, ahead.Total);
        Assert.Equal(6, sequential.Total);
        Assert.Equal(6, fast.UpstreamQueries);
        Assert.Equal(1, sequential.MaxInFlight);
        // The answer travels with DNSKEY .; then DS and DNSKEY of bench. and of ecdsa.bench. go out together.
        Assert.InRange(ahead.MaxInFlight, 4, 6);
        Assert.Equal(slow.Chain.Select(s => (s.Kind, s.Zone, s.Owner, s.Type, s.Status)), fast.Chain.Select(s => (s.Kind, s.Zone, s.Owner, s.Type, s.Status)));
    }

    [Fact]
    public async Task Resolve_DeepSigner_SendsKeysAheadForTheFirstNamesOnly()
    {
        // Between the root and the signer z.y.x.w.bench. lie bench., w.bench. (cuts) and x.w.bench., y.x.w.bench. (not cuts):
        // the DNSKEY queries of the first three go with their DS queries (one wasted on x.w.bench.), the fourth's is never
        // sent — the walk finds no cut there — so the waste stays bounded however deep the signer.
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);
        var source = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);

        ValidatedLookup result = await Resolver(tree, source, sendAhead: true).ResolveAsync("www.z.y.x.w.bench.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, result.Status);
        Assert.Equal(1, source.Count("x.w.bench.", RecordType.DNSKEY));
        Assert.Equal(0, source.Count("y.x.w.bench.", RecordType.DNSKEY));
        Assert.Equal(1, source.Count("z.y.x.w.bench.", RecordType.DNSKEY));
        Assert.Equal(1, source.Count("y.x.w.bench.", RecordType.DS));
    }

    [Fact]
    public async Task Resolve_KeysCached_SendsNothingAhead()
    {
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);
        var source = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);
        ValidatingResolver resolver = Resolver(tree, source, sendAhead: true);
        Assert.Equal(DnssecStatus.Secure, (await resolver.ResolveAsync(s_tlsa, RecordType.TLSA)).Status);
        int before = source.Total;

        ValidatedLookup next = await resolver.ResolveAsync("www.ecdsa.bench.", RecordType.A);

        Assert.Equal(DnssecStatus.Secure, next.Status);
        Assert.Equal(1, source.Total - before);
        Assert.Equal(1, next.UpstreamQueries);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task Resolve_SentAhead_GivesTheSequentialVerdict(string name, RecordType type)
    {
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);

        var (ahead, sequential) = await BothAsync(tree, stub, name, type, new ValidatingResolverOptions());

        AssertSameVerdict(sequential, ahead);
        Assert.NotEqual(DnssecStatus.Bogus, ahead.Lookup.Status);
        Assert.NotEqual(DnssecStatus.Indeterminate, ahead.Lookup.Status);
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Resolve_ForgedChainAnswer_GivesTheSequentialVerdict(string fault, string name, RecordType type)
    {
        TestHierarchy tree = Hierarchy;
        FaultRule rule = tree.Server.Faults.AddForName(DomainName.Parse(name), fault switch
        {
            "corrupt-signatures" => Fault.CorruptSignatures,
            "wrong-ds" => Fault.WrongDs,
            "drop-signatures" => Fault.DropSignatures,
            "strip-dnssec" => Fault.StripDnssec,
            "server-failure" => Fault.ServerFailure,
            "refuse" => Fault.Refuse,
            "oversized-key-set" => Fault.OversizedKeySet(16, 16),
            _ => Fault.WrongQuestion,
        }, type);
        await using StubResolver stub = Stub(tree);

        ((ValidatedLookup Lookup, int Sent) ahead, (ValidatedLookup Lookup, int Sent) sequential) result;
        try
        {
            result = await BothAsync(tree, stub, s_tlsa.ToString(), RecordType.TLSA, new ValidatingResolverOptions());
        }
        finally
        {
            tree.Server.Faults.Remove(rule);
        }

        var (ahead, sequential) = result;
        AssertSameVerdict(sequential, ahead);
        // Every one of these breaks the chain: a forged answer fetched early must never make it Secure or Insecure.
        Assert.True(ahead.Lookup.Status is DnssecStatus.Bogus or DnssecStatus.Indeterminate, ahead.Lookup.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Resolve_QueryBudget_FailsClosedAndIsNeverExceeded(int maxQueries)
    {
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);

        var (ahead, sequential) = await BothAsync(tree, stub, s_tlsa.ToString(), RecordType.TLSA, new ValidatingResolverOptions { MaxQueriesPerLookup = maxQueries });

        // An Indeterminate lookup is followed by one probe of the upstream outside the lookup's budget
        // (ValidatingResolver.ProbeUpstreamAsync: can it deliver DNSSEC at all?).
        int probe = ahead.Lookup.Status == DnssecStatus.Indeterminate ? 1 : 0;
        Assert.InRange(ahead.Sent, 1, maxQueries + probe);
        Assert.InRange(sequential.Sent, 1, maxQueries + probe);
        Assert.Equal(sequential.Lookup.Status, ahead.Lookup.Status);
        Assert.Equal(sequential.Lookup.Failure?.Kind, ahead.Lookup.Failure?.Kind);
        if (maxQueries < 6)
        {
            Assert.Equal(DnssecStatus.Indeterminate, ahead.Lookup.Status);
            Assert.Equal(ValidationFailureKind.WorkLimitExceeded, ahead.Lookup.Failure!.Kind);
        }
        else
        {
            Assert.Equal(DnssecStatus.Secure, ahead.Lookup.Status);
        }
    }

    [Fact]
    public async Task Resolve_SignatureBudget_FailsClosedAsSequential()
    {
        TestHierarchy tree = Hierarchy;
        await using StubResolver stub = Stub(tree);

        var (ahead, sequential) = await BothAsync(tree, stub, s_tlsa.ToString(), RecordType.TLSA, new ValidatingResolverOptions { MaxVerificationsPerLookup = 3 });

        AssertSameVerdict(sequential, ahead);
        Assert.Equal(DnssecStatus.Bogus, ahead.Lookup.Status);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, ahead.Lookup.Failure!.Kind);
    }

    [Fact]
    public async Task Send_DsAndKeys_ChecksSignaturesAheadAndHandsEachResponseOnce()
    {
        await using StubResolver stub = Stub(Hierarchy);
        var source = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);
        var budget = new WorkBudget(10, 10);
        var prefetch = new ChainPrefetch(source, budget, new DnsSecure.Dnssec.Signatures.RrsetVerifier(), 10);
        DnsQuestion[] questions =
        [
            new(DomainName.Parse("bench."), RecordType.DNSKEY),
            new(DomainName.Parse("ecdsa.bench."), RecordType.DS),
            new(DomainName.Parse("ecdsa.bench."), RecordType.DNSKEY),
            new(DomainName.Parse("unsigned.bench."), RecordType.DS),
        ];

        foreach (DnsQuestion question in questions)
        {
            prefetch.Send(question, CancellationToken.None);
        }

        // Asking again for what is already on its way sends nothing.
        prefetch.Send(questions[1], CancellationToken.None);
        var responses = new List<Task<DataSourceResponse>>();
        foreach (DnsQuestion question in questions)
        {
            Assert.True(prefetch.TryTake(question, out Task<DataSourceResponse> response));
            responses.Add(response);
        }

        await Task.WhenAll(responses);
        Assert.All(responses, r => Assert.True(r.Result.HasMessage));
        Assert.Equal(4, prefetch.Sent);
        Assert.Equal(4, budget.Queries);
        Assert.Equal(4, source.Total);
        // Each response taken once only; nothing was sent that nobody asked for.
        Assert.False(prefetch.TryTake(questions[1], out _));
        Assert.False(prefetch.TryTake(new DnsQuestion(DomainName.Parse("unsigned.bench."), RecordType.DNSKEY), out _));
        // bench.'s key set against itself, ecdsa.bench.'s, and the DS of ecdsa.bench. with bench.'s keys (all in any order).
        Assert.InRange(prefetch.VerificationsAhead, 3, 10);
    }

    [Fact]
    public async Task Send_BudgetFull_SendsNothingMore()
    {
        await using StubResolver stub = Stub(Hierarchy);
        var source = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);
        var budget = new WorkBudget(1, 10);
        var prefetch = new ChainPrefetch(source, budget, null, 0);

        prefetch.Send(new DnsQuestion(DomainName.Parse("ecdsa.bench."), RecordType.DS), CancellationToken.None);
        prefetch.Send(new DnsQuestion(DomainName.Parse("bench."), RecordType.DNSKEY), CancellationToken.None);
        Assert.True(prefetch.TryTake(new DnsQuestion(DomainName.Parse("ecdsa.bench."), RecordType.DS), out Task<DataSourceResponse> ds));
        await ds;

        Assert.Equal(1, prefetch.Sent);
        Assert.Equal(1, source.Total);
        Assert.Equal(1, budget.Queries);
        Assert.False(prefetch.TryTake(new DnsQuestion(DomainName.Parse("ecdsa.bench."), RecordType.DNSKEY), out _));
        Assert.False(budget.TrySpendQuery());
    }

    [Fact]
    public void TrySpendQueryAhead_AtTheLimit_RefusesWithoutSpending()
    {
        var budget = new WorkBudget(2, 10);
        Assert.True(budget.TrySpendQueryAhead());
        Assert.True(budget.TrySpendQueryAhead());

        Assert.False(budget.TrySpendQueryAhead());
        Assert.Equal(2, budget.Queries);
        Assert.False(budget.TrySpendQuery());
    }

    private static async Task<((ValidatedLookup Lookup, int Sent) Ahead, (ValidatedLookup Lookup, int Sent) Sequential)> BothAsync(
        TestHierarchy tree, StubResolver stub, string name, RecordType type, ValidatingResolverOptions options)
    {
        var aheadSource = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);
        options.SendChainQueriesAhead = true;
        ValidatedLookup ahead = await Resolver(tree, aheadSource, options).ResolveAsync(name, type);
        var sequentialSource = new GatedSource(new StubDataSource(stub), TimeSpan.Zero);
        options.SendChainQueriesAhead = false;
        ValidatedLookup sequential = await Resolver(tree, sequentialSource, options).ResolveAsync(name, type);
        return ((ahead, aheadSource.Total), (sequential, sequentialSource.Total));
    }

    private static void AssertSameVerdict((ValidatedLookup Lookup, int Sent) expected, (ValidatedLookup Lookup, int Sent) actual)
    {
        Assert.Equal(expected.Lookup.Status, actual.Lookup.Status);
        Assert.Equal(expected.Lookup.Failure?.Kind, actual.Lookup.Failure?.Kind);
        Assert.Equal(expected.Lookup.Failure?.ExtendedDnsError, actual.Lookup.Failure?.ExtendedDnsError);
        Assert.Equal(expected.Lookup.Failure?.ToString(), actual.Lookup.Failure?.ToString());
        Assert.Equal(expected.Lookup.ResponseCode, actual.Lookup.ResponseCode);
        Assert.Equal(expected.Lookup.Answers.Select(r => r.ToString()), actual.Lookup.Answers.Select(r => r.ToString()));
    }

    private static StubResolver Stub(TestHierarchy tree)
    {
        var options = new StubResolverOptions { CacheMaxEntries = 0, Timeout = TimeSpan.FromSeconds(2), Attempts = 1 };
        options.Servers.Add(new NameServer(tree.EndPoint));
        return new StubResolver(options);
    }

    private static ValidatingResolver Resolver(TestHierarchy tree, IDnssecDataSource source, bool sendAhead) =>
        Resolver(tree, source, new ValidatingResolverOptions { SendChainQueriesAhead = sendAhead });

    private static ValidatingResolver Resolver(TestHierarchy tree, IDnssecDataSource source, ValidatingResolverOptions options) =>
        new(source, tree.TrustAnchorStore, options);

    /// <summary>Holds every query <paramref name="hold"/> before passing it on, and counts how many are in flight at once.</summary>
    private sealed class GatedSource(IDnssecDataSource inner, TimeSpan hold) : IDnssecDataSource
    {
        private int _inFlight;
        private int _maxInFlight;
        private int _total;

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        private readonly System.Collections.Concurrent.ConcurrentDictionary<DnsQuestion, int> _asked = new();

        public int Total => Volatile.Read(ref _total);

        /// <summary>How many times <paramref name="name"/>/<paramref name="type"/> was asked.</summary>
        public int Count(string name, RecordType type) => _asked.GetValueOrDefault(new DnsQuestion(DomainName.Parse(name), type));

        public async ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _total);
            _asked.AddOrUpdate(question, 1, (_, n) => n + 1);
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                // Long enough that queries sent together overlap even on a loaded machine; nothing is timed.
                if (hold > TimeSpan.Zero)
                {
                    await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
                }

                return await inner.QueryAsync(question, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
