using DnsSecure.Caching;

namespace DnsSecure.Tests.Caching;

public sealed class QuestionKeyTests
{
    [Fact]
    public void Equals_NamesDifferingInCase_AreEqualWithEqualHashes()
    {
        var upper = new QuestionKey(DomainName.Parse("WWW.Example.TEST."), RecordType.A);
        var lower = new QuestionKey(DomainName.Parse("www.example.test."), RecordType.A);

        Assert.Equal(upper, lower);
        Assert.True(upper == lower);
        Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentType_IsFalse()
    {
        var a = new QuestionKey(DomainName.Parse("www.example.test."), RecordType.A);
        var aaaa = new QuestionKey(DomainName.Parse("www.example.test."), RecordType.AAAA);

        Assert.NotEqual(a, aaaa);
        Assert.True(a != aaaa);
    }

    [Fact]
    public void Equals_DifferentName_IsFalse()
    {
        var www = new QuestionKey(DomainName.Parse("www.example.test."), RecordType.A);
        var mail = new QuestionKey(DomainName.Parse("mail.example.test."), RecordType.A);

        Assert.NotEqual(www, mail);
        Assert.False(www.Equals((object)mail));
    }

    [Fact]
    public void Constructor_NullName_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new QuestionKey(null!, RecordType.A));
}
