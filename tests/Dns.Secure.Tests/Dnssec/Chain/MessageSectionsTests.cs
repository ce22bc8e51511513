using System.Collections.Immutable;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Records;

namespace DnsSecure.Tests.Dnssec.Chain;

public sealed class MessageSectionsTests
{
    private static readonly string[] MixedSection =
    [
        "www.example. 300 IN A 192.0.2.1",
        "www.example. 300 IN RRSIG A 13 2 300 20300101000000 20200101000000 1234 example. AAAA",
        "WWW.Example. 300 IN A 192.0.2.2",
        "www.example. 300 IN AAAA 2001:db8::1",
        "example. 300 IN NS ns.example.",
        "www.example. 300 IN RRSIG AAAA 13 2 300 20300101000000 20200101000000 1234 example. BBBB",
        "www.example. 300 IN RRSIG A 13 2 300 20300101000000 20200101000000 4321 example. CCCC",
        "www.example. 300 CH A 192.0.2.3",
        "www.example. 300 IN A 192.0.2.1",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(20)] // more than LinearLimit records: the hash-indexed path
    public void Split_MixedSection_GroupsAsRrsetGroupDoes(int copies)
    {
        ImmutableArray<ResourceRecord> records = Section(copies);

        MessageSections sections = MessageSections.Split(records);

        RRSet[] expected = [.. RRSet.Group(records).Where(s => s.Type != RecordType.RRSIG)];
        Assert.Equal(expected.Length, sections.RrSets.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Name, sections.RrSets[i].Name);
            Assert.Equal(expected[i].Class, sections.RrSets[i].Class);
            Assert.Equal(expected[i].Type, sections.RrSets[i].Type);
            Assert.Equal(expected[i].Data.ToArray(), sections.RrSets[i].Data.ToArray());
        }

        Assert.Equal([1234, 4321], sections.SignaturesFor(DomainName.Parse("WWW.example."), RecordType.A).Select(s => (int)s.KeyTag).Distinct());
        Assert.Equal([1234], sections.SignaturesFor(DomainName.Parse("www.example."), RecordType.AAAA).Select(s => (int)s.KeyTag).Distinct());
        Assert.Empty(sections.SignaturesFor(DomainName.Parse("example."), RecordType.NS));
        Assert.Null(sections.Find(DomainName.Parse("example."), RecordType.A));
        Assert.Equal(2, sections.Find(DomainName.Parse("www.EXAMPLE."), RecordType.A)!.Count);
    }

    [Fact]
    public void GroupLinear_WithRrsig_EqualsRrsetGroup()
    {
        ImmutableArray<ResourceRecord> records = Section(1);

        ImmutableArray<RRSet> linear = MessageSections.GroupLinear(records, withRrsig: true);

        ImmutableArray<RRSet> grouped = RRSet.Group(records);
        Assert.Equal(grouped.Select(s => (s.Name, s.Class, s.Type, s.Ttl, s.Count)), linear.Select(s => (s.Name, s.Class, s.Type, s.Ttl, s.Count)));
        Assert.Equal(grouped.SelectMany(s => s.Data), linear.SelectMany(s => s.Data));
    }

    [Fact]
    public void Split_Empty_HasNoRrsets()
    {
        MessageSections sections = MessageSections.Split(ImmutableArray<ResourceRecord>.Empty);

        Assert.Empty(sections.RrSets);
        Assert.Empty(sections.SignaturesFor(DomainName.Root, RecordType.A));
    }

    private static ImmutableArray<ResourceRecord> Section(int copies) =>
        [.. Enumerable.Range(0, copies).SelectMany(_ => MixedSection).Select(t => ResourceRecord.Parse(t))];
}
