using DaneSockets.StartTls;

namespace DaneSockets.Tests.StartTls;

public sealed class StartTlsNegotiatorsTests
{
    [Theory]
    [InlineData("smtp", typeof(SmtpStartTlsNegotiator))]
    [InlineData("IMAP", typeof(ImapStartTlsNegotiator))]
    [InlineData("Pop3", typeof(Pop3StartTlsNegotiator))]
    public void TryGet_KnownProtocol_IgnoresCase(string name, Type expected)
    {
        Assert.True(StartTlsNegotiators.TryGet(name, out IStartTlsNegotiator? negotiator));
        Assert.IsType(expected, negotiator);
        Assert.Equal(name, negotiator.Protocol, ignoreCase: true);
    }

    [Fact]
    public void TryGet_UnknownProtocol_IsFalse() => Assert.False(StartTlsNegotiators.TryGet("gopher", out _));

    [Fact]
    public void Names_ListsEveryRegisteredProtocol() => Assert.Subset(new HashSet<string>(StartTlsNegotiators.Names), new HashSet<string> { "imap", "pop3", "smtp" });
}
