using System.Net;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Tests.Resolution;

public class LookupResultTests
{
    private static readonly DomainName Owner = DomainName.Parse("www.example.");

    private static DnsMessage Response() => new()
    {
        Id = 1,
        IsResponse = true,
        Questions = [new DnsQuestion(Owner, RecordType.A)],
        Answers =
        [
            new ResourceRecord(Owner, 300, new ARdata(IPAddress.Parse("192.0.2.2"))),
            new ResourceRecord(Owner, 300, new ARdata(IPAddress.Parse("192.0.2.1"))),
            new ResourceRecord(Owner, 300, new TxtRdata("x")),
        ],
    };

    [Fact]
    public void AnswerRrsets_GroupedOnFirstRead_AsTheEagerGroupingAndStableAcrossCopies()
    {
        DnsMessage response = Response();
        var result = new LookupResult { Question = response.Questions[0], Status = LookupStatus.Success, Response = response, GroupedAnswersOf = response };
        LookupResult copy = result with { Attempts = 1 };

        Assert.Equal(RRSet.Group(response.Answers).Select(r => (r.Name, r.Type, r.Count)), result.AnswerRrsets.Select(r => (r.Name, r.Type, r.Count)));
        Assert.Equal(2, result.AnswerRrsets[0].Count);
        Assert.Equal(RecordType.TXT, result.FindAnswer(Owner, RecordType.TXT)!.Type);

        // Copies share the grouping: the same RRsets, and equality is unaffected by which copy was read first.
        Assert.Equal(copy with { Attempts = 0 }, result);
        Assert.Same(ImmutableCollectionsMarshalArray(result), ImmutableCollectionsMarshalArray(copy));
    }

    [Fact]
    public void AnswerRrsets_NotSet_IsEmpty() =>
        Assert.Empty(new LookupResult { Question = new DnsQuestion(Owner, RecordType.A) }.AnswerRrsets);

    private static RRSet[]? ImmutableCollectionsMarshalArray(LookupResult result) =>
        System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(result.AnswerRrsets);
}
