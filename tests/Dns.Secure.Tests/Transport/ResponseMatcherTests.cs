using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

public sealed class ResponseMatcherTests
{
    private static readonly DnsMessage Query = DnsMessage.CreateQuery(0x1234, new DnsQuestion(DomainName.Parse("www.example.test."), RecordType.A));

    private static DnsMessage Answer => Query with { IsResponse = true };

    [Fact]
    public void Matches_SameIdAndQuestion_IsTrue() => Assert.True(ResponseMatcher.Matches(Query, Answer));

    [Fact]
    public void Matches_NameInOtherCase_IsTrue() =>
        Assert.True(ResponseMatcher.Matches(Query, Answer with { Questions = [new DnsQuestion(DomainName.Parse("WwW.ExAmPlE.TEST."), RecordType.A)] }));

    [Fact]
    public void Matches_OtherId_IsFalse() => Assert.False(ResponseMatcher.Matches(Query, Answer with { Id = 0x1235 }));

    [Fact]
    public void Matches_QrClear_IsFalse() => Assert.False(ResponseMatcher.Matches(Query, Answer with { IsResponse = false }));

    [Fact]
    public void Matches_OtherName_IsFalse() =>
        Assert.False(ResponseMatcher.Matches(Query, Answer with { Questions = [new DnsQuestion(DomainName.Parse("www.example.test.evil."), RecordType.A)] }));

    [Fact]
    public void Matches_OtherType_IsFalse() =>
        Assert.False(ResponseMatcher.Matches(Query, Answer with { Questions = [new DnsQuestion(Query.Question.Name, RecordType.AAAA)] }));

    [Fact]
    public void Matches_OtherClass_IsFalse() =>
        Assert.False(ResponseMatcher.Matches(Query, Answer with { Questions = [new DnsQuestion(Query.Question.Name, RecordType.A, RecordClass.CH)] }));

    [Fact]
    public void Matches_TwoQuestions_IsFalse() =>
        Assert.False(ResponseMatcher.Matches(Query, Answer with { Questions = [Query.Question, Query.Question] }));

    [Fact]
    public void Matches_NoQuestionWithFormErr_IsTrue() =>
        Assert.True(ResponseMatcher.Matches(Query, Answer with { Questions = [], ResponseCode = ResponseCode.FormErr }));

    [Fact]
    public void Matches_NoQuestionWithNoError_IsFalse() =>
        Assert.False(ResponseMatcher.Matches(Query, Answer with { Questions = [] }));

    [Fact]
    public void HeaderMatches_ChecksIdQrAndLength()
    {
        byte[] wire = Answer.Encode();

        Assert.True(ResponseMatcher.HeaderMatches(wire, 0x1234));
        Assert.False(ResponseMatcher.HeaderMatches(wire, 0x1235));
        Assert.False(ResponseMatcher.HeaderMatches(Query.Encode(), 0x1234));
        Assert.False(ResponseMatcher.HeaderMatches(wire.AsSpan(0, 11), 0x1234));
    }
}
