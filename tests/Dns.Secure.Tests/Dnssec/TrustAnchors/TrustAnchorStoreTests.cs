using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.TrustAnchors;

public class TrustAnchorStoreTests
{
    private static readonly DsRdata CorpDs = new(1234, DnssecAlgorithm.EcdsaP256Sha256, DigestType.Sha256, new byte[32]);

    private static DomainName N(string s) => DomainName.Parse(s);

    [Fact]
    public void Default_CoversEveryNameWithTheRoot()
    {
        Assert.Equal(DomainName.Root, TrustAnchorStore.Default.FindClosest(N("www.example.com."))!.Zone);
        Assert.Null(TrustAnchorStore.Empty.FindClosest(N("www.example.com.")));
    }

    [Fact]
    public void FindClosest_PrivateRoot_WinsBelowItsZone()
    {
        var store = TrustAnchorStore.Default.Add(new TrustAnchor(N("Corp.Example."), [CorpDs]));
        Assert.Equal(N("corp.example."), store.FindClosest(N("www.CORP.example."))!.Zone);
        Assert.Equal(DomainName.Root, store.FindClosest(N("other.example."))!.Zone);
        Assert.Null(TrustAnchorStore.Default.Get(N("corp.example.")));
    }

    [Fact]
    public void Add_SameZoneTwice_Merges()
    {
        var other = new DsRdata(999, DnssecAlgorithm.EcdsaP256Sha256, DigestType.Sha256, new byte[32]);
        var store = TrustAnchorStore.Empty.Add(new TrustAnchor(N("corp.example."), [CorpDs])).Add(new TrustAnchor(N("corp.example."), [other]));
        Assert.Equal(2, store.Get(N("corp.example."))!.Ds.Length);
    }

    [Fact]
    public void NegativeAnchor_CoversNamesBelow_UnlessADeeperAnchorExists()
    {
        var store = TrustAnchorStore.Create(
            [RootTrustAnchors.Anchor, new TrustAnchor(N("signed.broken.example."), [CorpDs])],
            [N("broken.example.")]);
        Assert.True(store.IsUnderNegativeAnchor(N("www.broken.example."), out DomainName? nta));
        Assert.Equal(N("broken.example."), nta);
        Assert.True(store.IsUnderNegativeAnchor(N("broken.example."), out _));
        Assert.False(store.IsUnderNegativeAnchor(N("example."), out _));
        Assert.False(store.IsUnderNegativeAnchor(N("www.signed.broken.example."), out _));
    }

    [Fact]
    public void Stores_AreImmutable()
    {
        TrustAnchorStore before = TrustAnchorStore.Default;
        TrustAnchorStore after = before.AddNegative(N("example."));
        Assert.False(before.IsUnderNegativeAnchor(N("example."), out _));
        Assert.True(after.IsUnderNegativeAnchor(N("example."), out _));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void FindClosestAndNegative_FewOrManyAnchors_GiveTheSameAnswers(int extraAnchors)
    {
        // Few anchors are scanned, many are probed per ancestor: both must agree on the deepest anchor and on the NTA rule
        // (a negative anchor wins at its own name and below, unless a positive one sits deeper).
        IEnumerable<TrustAnchor> extra = Enumerable.Range(0, extraAnchors).Select(i => new TrustAnchor(N($"z{i}.example."), [CorpDs]));
        var store = TrustAnchorStore.Create(
            [RootTrustAnchors.Anchor, new TrustAnchor(N("Signed.Broken.example."), [CorpDs]), new TrustAnchor(N("both.example."), [CorpDs]), .. extra],
            [N("BROKEN.example."), N("deep.signed.broken.example."), N("both.example.")]);

        Assert.Equal(N("signed.broken.example."), store.FindClosest(N("a.b.SIGNED.broken.example."))!.Zone);
        Assert.Equal(N("z1.example."), store.FindClosest(N("www.z1.example."))!.Zone);
        Assert.Equal(DomainName.Root, store.FindClosest(N("example."))!.Zone);

        Assert.True(store.IsUnderNegativeAnchor(N("www.broken.example."), out DomainName? nta));
        Assert.Equal("broken.example.", nta!.ToString());
        Assert.False(store.IsUnderNegativeAnchor(N("www.signed.broken.example."), out nta));
        Assert.Null(nta);
        Assert.True(store.IsUnderNegativeAnchor(N("x.deep.signed.broken.example."), out nta));
        Assert.Equal("deep.signed.broken.example.", nta!.ToString());
        Assert.True(store.IsUnderNegativeAnchor(N("www.both.example."), out nta));
        Assert.Equal("both.example.", nta!.ToString());
        Assert.False(store.IsUnderNegativeAnchor(N("z1.example."), out _));
    }
}
