using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;

namespace DnsSecure.Tests.Dnssec.Chain;

public class ZoneTrustTests
{
    private static readonly DomainName Zone = DomainName.Parse("example.");
    private static readonly DateTimeOffset Expires = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CachedStep_SameOwner_IsMadeOnceAndNamesTheOwnerAsSpelled()
    {
        ZoneTrust trust = ZoneTrust.Insecure(Zone, null, Expires);

        ChainStep first = trust.CachedStep(DomainName.Parse("www.example."));
        ChainStep again = trust.CachedStep(DomainName.Parse("www.example."));
        ChainStep upper = trust.CachedStep(DomainName.Parse("WWW.example."));

        Assert.Same(first, again);
        Assert.Equal("WWW.example.", upper.Owner.ToString());
        Assert.Equal(ChainStepKind.InsecureDelegation, upper.Kind);
    }

    [Fact]
    public void CachedStep_OfAWithCopy_ReportsTheCopysStatus()
    {
        ZoneTrust insecure = ZoneTrust.Insecure(Zone, null, Expires);
        DomainName owner = DomainName.Parse("www.example.");
        _ = insecure.CachedStep(owner);

        ZoneTrust indeterminate = insecure with { Status = DnssecStatus.Indeterminate };

        Assert.Equal(DnssecStatus.Indeterminate, indeterminate.CachedStep(owner).Status);
    }

    [Fact]
    public void Equality_IgnoresTheCachedStep()
    {
        ZoneTrust a = ZoneTrust.Insecure(Zone, null, Expires);
        ZoneTrust b = ZoneTrust.Insecure(Zone, null, Expires);
        int hash = a.GetHashCode();

        _ = a.CachedStep(DomainName.Parse("www.example."));

        Assert.Equal(a, b);
        Assert.Equal(hash, a.GetHashCode());
    }
}
