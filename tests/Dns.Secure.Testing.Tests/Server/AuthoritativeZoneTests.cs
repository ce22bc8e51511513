using DnsSecure.Testing.Server;

namespace DnsSecure.Testing.Tests.Server;

public sealed class AuthoritativeZoneTests
{
    private const string Minimal = """
        $TTL 300
        @ SOA ns hostmaster 1 7200 3600 1209600 60
        @ NS ns
        ns A 127.0.0.1
        """;

    [Fact]
    public void Parse_UnsignedZone_IsServableAndNotSigned()
    {
        AuthoritativeZone zone = AuthoritativeZone.Parse(Minimal, DomainName.Parse("unsigned.test."));

        Assert.Equal(3, zone.Records.Length);
        Assert.False(zone.IsSigned);
        Assert.Null(zone.Nsec3);
        Assert.False(zone.HasNsec);
    }

    [Fact]
    public void Create_RecordOutsideTheZone_Throws()
    {
        var records = AuthoritativeZone.Parse(Minimal, DomainName.Parse("unsigned.test.")).Records.Add(ResourceRecord.Parse("www.other.test. 300 IN A 192.0.2.1"));

        Assert.Throws<ArgumentException>(() => AuthoritativeZone.Create(DomainName.Parse("unsigned.test."), records));
    }

    [Fact]
    public void Create_WithoutSoa_Throws()
    {
        Assert.Throws<ArgumentException>(() => AuthoritativeZone.Create(DomainName.Parse("unsigned.test."), [ResourceRecord.Parse("www.unsigned.test. 300 IN A 192.0.2.1")]));
    }

    [Fact]
    public void Load_BindSignedNsec3Zone_IndexesTheHashedChain()
    {
        AuthoritativeZone zone = TestZones.ExampleOrg;

        Assert.True(zone.IsSigned);
        Assert.NotNull(zone.Nsec3);
        Assert.Equal(5, zone.Nsec3!.Iterations);
        Assert.NotNull(zone.FindMatchingNsec3(DomainName.Parse("www.example.org.")));
        Assert.Null(zone.FindCoveringNsec3(DomainName.Parse("www.example.org.")));
        Assert.NotNull(zone.FindCoveringNsec3(DomainName.Parse("nope.example.org.")));
    }

    [Fact]
    public void FindNsec_NameAfterTheLastOwner_IsCoveredByTheLastNsecWhichWrapsToTheApex()
    {
        AuthoritativeZone zone = TestZones.Example;

        ResourceRecord? exact = zone.FindNsec(DomainName.Parse("www.example."));
        ResourceRecord? covering = zone.FindNsec(DomainName.Parse("zzz.example."));

        Assert.Equal(DomainName.Parse("www.example."), exact!.Name);
        Assert.Equal(DomainName.Root.Prepend("example"), ((Records.NsecRdata)covering!.Data).NextDomainName);
    }
}
