using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Denial;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.Denial;

public class DenialRelevanceTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.");

    private static DomainName N(string s) => DomainName.Parse(s);

    private static bool Relevant(string name, ResourceRecord record, ValidatorOptions? options = null) =>
        new DenialRelevance(N(name), Zone, options ?? new ValidatorOptions()).IsRelevant(record.Name, record.Data);

    [Fact]
    public void TargetsOf_Name_IsNameAncestorsAndTheWildcardsBelowThemDeepestFirst()
    {
        var targets = DenialRelevance.TargetsOf(N("a.b.example."), Zone).Select(t => t.ToString());

        Assert.Equal(["a.b.example.", "b.example.", "*.b.example.", "example.", "*.example."], targets);
    }

    [Fact]
    public void TargetsOf_NameOutsideZone_IsEmpty() => Assert.Empty(DenialRelevance.TargetsOf(N("a.other."), Zone));

    [Fact]
    public void IsRelevant_NsecCoveringTheName_IsTrue() =>
        Assert.True(Relevant("b.example.", ResourceRecord.Parse("a.example. 300 IN NSEC c.example. A RRSIG NSEC")));

    [Fact]
    public void IsRelevant_NsecMatchingAnAncestor_IsTrue() =>
        Assert.True(Relevant("x.a.example.", ResourceRecord.Parse("a.example. 300 IN NSEC c.example. A RRSIG NSEC")));

    [Fact]
    public void IsRelevant_NsecCoveringTheWildcardAtTheApex_IsTrue() =>
        Assert.True(Relevant("m.example.", ResourceRecord.Parse("example. 300 IN NSEC a.example. SOA NS RRSIG NSEC DNSKEY")));

    [Fact]
    public void IsRelevant_NsecElsewhereInTheZone_IsFalse()
    {
        // The black_ent shape: rub. → sub.sub. proves the empty non-terminal sub.; sub.sub. → tub. is about other names.
        Assert.False(Relevant("sub.example.", ResourceRecord.Parse("sub.sub.example. 300 IN NSEC tub.example. NS DS RRSIG NSEC")));
        Assert.True(Relevant("sub.example.", ResourceRecord.Parse("rub.example. 300 IN NSEC sub.sub.example. A RRSIG NSEC")));
    }

    [Fact]
    public void IsRelevant_NsecOfAnotherZone_IsFalse() =>
        Assert.False(Relevant("b.example.", ResourceRecord.Parse("a.other. 300 IN NSEC c.other. A RRSIG NSEC")));

    [Fact]
    public void IsRelevant_Nsec3CoveringOrMatching_IsTrueAndOthersFalse()
    {
        List<ResourceRecord> chain = new DenialZone("example.").Add("a.example.", RecordType.A).Add("c.example.", RecordType.A)
            .Add("d.example.", RecordType.A).Add("e.example.", RecordType.A).Add("f.example.", RecordType.A).Add("g.example.", RecordType.A).Nsec3Chain();
        byte[] hash = Nsec3Hash.Compute(N("b.example."), [], 0);
        ResourceRecord covering = chain.Single(r => Covers(r, hash));

        Assert.True(Relevant("b.example.", covering));
        Assert.True(Relevant("b.example.", DenialZone.Nsec3For(chain, "example.", Zone)!)); // matches the closest encloser
        var targets = DenialRelevance.TargetsOf(N("b.example."), Zone).Select(t => Nsec3Hash.Compute(t, [], 0)).ToList();
        // Seven NSEC3s, three targets (b.example., example., *.example.): at least four records cover none of them.
        List<ResourceRecord> unrelated = [.. chain.Where(r => !targets.Exists(t => Covers(r, t)))];
        Assert.NotEmpty(unrelated);
        Assert.All(unrelated, r => Assert.False(Relevant("b.example.", r)));
    }

    [Fact]
    public void IsRelevant_Nsec3AboveIterationLimit_IsKeptForTheProof()
    {
        // RFC 9276 §3.2: the proof must still see it to answer Insecure; it is not hashed here.
        List<ResourceRecord> chain = new DenialZone("example.").Add("a.example.", RecordType.A).Nsec3Chain(iterations: 20);
        var options = new ValidatorOptions { MaxNsec3Iterations = 10 };

        Assert.All(chain, r => Assert.True(Relevant("zzz.example.", r, options)));
    }

    [Fact]
    public void IsRelevant_Nsec3NotOneLabelUnderTheZone_IsFalse()
    {
        ResourceRecord record = new DenialZone("example.").Nsec3Chain()[0];
        var deeper = new ResourceRecord(record.Name.Prepend("x"), 300, record.Data);

        Assert.False(Relevant("b.example.", deeper));
    }

    [Fact]
    public void IsRelevant_Nsec3BeyondTheHashBudget_IsKeptElseDropped()
    {
        // A span of one hash value covers none of the targets: dropped when every target is hashed, kept (for the proof's
        // own bound) when the budget runs out first (CVE-2023-50868).
        byte[] owner = Enumerable.Repeat((byte)0x10, Nsec3Hash.Sha1HashLength).ToArray();
        byte[] next = (byte[])owner.Clone();
        next[^1]++;
        var record = new ResourceRecord(Nsec3Hash.GetHashedOwnerName(owner, Zone), 300,
            new Nsec3Rdata(Nsec3HashAlgorithm.Sha1, 0, 0, ReadOnlyMemory<byte>.Empty, next, new TypeBitmap([RecordType.A])));

        Assert.False(Relevant("a.b.c.example.", record));
        Assert.True(Relevant("a.b.c.example.", record, new ValidatorOptions { MaxNsec3HashComputations = 3 }));
    }

    [Fact]
    public void KnownHashes_AfterARelevanceCheck_AreTheTargetsHashedWithTheRecordsParameters()
    {
        List<ResourceRecord> chain = new DenialZone("example.").Add("a.example.", RecordType.A).Nsec3Chain(iterations: 2, saltHex: "ab");
        var relevance = new DenialRelevance(N("b.example."), Zone, new ValidatorOptions());
        foreach (ResourceRecord record in chain)
        {
            _ = relevance.IsRelevant(record.Name, record.Data); // hashes the targets with the chain's parameters
        }


        var parameters = (Nsec3Rdata)chain[0].Data;
        IReadOnlyDictionary<DomainName, byte[]> known = relevance.KnownHashes(parameters)!;

        Assert.NotEmpty(known);
        Assert.All(known, kv => Assert.Equal(Nsec3Hash.Compute(kv.Key, parameters.Salt.Span, 2), kv.Value));
        Assert.Null(relevance.KnownHashes(new Nsec3Rdata(Nsec3HashAlgorithm.Sha1, 0, 3, parameters.Salt, parameters.NextHashedOwnerName, parameters.Types)));
    }

    [Fact]
    public void HashCount_IsSharedWithTheNsec3Proof_SoOneResponseStaysWithinOneBudget()
    {
        // CVE-2023-50868: the relevance pass and the proof together compute at most MaxNsec3HashComputations hashes. Records
        // with parameters of their own (not the chain's) make the relevance pass hash the targets again, and those hashes
        // are spent too: the proof gets only what is left, and fails closed when that is not enough.
        var options = new ValidatorOptions { MaxNsec3HashComputations = 6 };
        DomainName name = N("a.b.c.example.");
        List<ResourceRecord> chain = new DenialZone("example.").Add("example.", RecordType.SOA).Nsec3Chain(iterations: 1, saltHex: "ab");
        byte[] owner = Enumerable.Repeat((byte)0x10, Nsec3Hash.Sha1HashLength).ToArray();
        byte[] next = (byte[])owner.Clone();
        next[^1]++;
        var foreign = new ResourceRecord(Nsec3Hash.GetHashedOwnerName(owner, Zone), 300,
            new Nsec3Rdata(Nsec3HashAlgorithm.Sha1, 0, 1, new byte[] { 0xcd }, next, new TypeBitmap([RecordType.A])));

        var relevance = new DenialRelevance(name, Zone, options);
        Assert.True(relevance.IsRelevant(foreign.Name, foreign.Data)); // over the budget: kept for the proof to judge
        Assert.Equal(6, relevance.HashCount);

        var records = chain.Select(r => (r.Name, (Nsec3Rdata)r.Data)).ToList();
        var shared = new Nsec3Denial(records, Zone, options, relevance);
        DenialProof proof = shared.ProveNameError(name);

        Assert.Equal(DnssecStatus.Bogus, proof.Status);
        Assert.Equal(ValidationFailureKind.WorkLimitExceeded, proof.Failure!.Kind);
        Assert.Equal(6, shared.HashCount);

        // The same proof on its own budget computes what it needs.
        var alone = new Nsec3Denial(records, Zone, options);
        Assert.NotEqual(ValidationFailureKind.WorkLimitExceeded, alone.ProveNameError(name).Failure?.Kind);
        Assert.InRange(alone.HashCount, 1, 6);
    }

    private static bool Covers(ResourceRecord record, byte[] hash) =>
        Nsec3Hash.TryGetOwnerHash(record.Name, out byte[]? owner)
        && DenialRelevance.MatchesOrCovers(owner, ((Nsec3Rdata)record.Data).NextHashedOwnerName.Span, hash);
}
