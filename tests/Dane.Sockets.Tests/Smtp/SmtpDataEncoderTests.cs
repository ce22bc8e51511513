using System.Text;
using DaneSockets.Smtp;

namespace DaneSockets.Tests.Smtp;

public sealed class SmtpDataEncoderTests
{
    [Fact]
    public void Encode_LinesStartingWithDot_AreDotStuffedAndDataEndsWithCrlfDotCrlf()
    {
        byte[] data = SmtpDataEncoder.Encode(Message("Subject: x\n\n.hidden\n..two\nend\n"));

        Assert.Equal("Subject: x\r\n\r\n..hidden\r\n...two\r\nend\r\n.\r\n", Encoding.ASCII.GetString(data));
    }

    [Fact]
    public void Encode_CrlfAndLfLineEndsMixed_AllBecomeCrlf()
    {
        byte[] data = SmtpDataEncoder.Encode(Message("a\r\nb\nc"));

        Assert.Equal("a\r\nb\r\nc\r\n.\r\n", Encoding.ASCII.GetString(data));
    }

    [Fact]
    public void Encode_LineOf998Characters_IsAcceptedAnd999IsNot()
    {
        SmtpDataEncoder.Encode(Message(new string('x', SmtpDataEncoder.MaxLineLength)));

        Assert.Throws<ArgumentException>(() => SmtpDataEncoder.Encode(Message(new string('x', SmtpDataEncoder.MaxLineLength + 1))));
    }

    [Theory]
    [InlineData("body with é")]
    [InlineData("bare\rcarriage return")]
    public void Encode_ContentThatIsNot7BitLines_Throws(string content) =>
        Assert.Throws<ArgumentException>(() => SmtpDataEncoder.Encode(Message(content)));

    [Theory]
    [InlineData("a@example.org>\r\nRCPT TO:<victim@example.net")]
    [InlineData("a b@example.org")]
    [InlineData("")]
    [InlineData("tab\there@example.net")]
    [InlineData("nul\0@example.net")]
    public void Encode_UnsafeRecipient_Throws(string recipient) =>
        Assert.Throws<ArgumentException>(() => SmtpDataEncoder.Encode(new SmtpMessage("a@example.org", [recipient], "x")));

    [Fact]
    public void Encode_EmptyReversePath_IsAllowed() =>
        Assert.NotEmpty(SmtpDataEncoder.Encode(new SmtpMessage(string.Empty, ["postmaster@example.net"], "x")));

    [Fact]
    public void Encode_RecipientWithALoneSurrogate_Throws() =>
        Assert.Throws<ArgumentException>(() => SmtpDataEncoder.Encode(new SmtpMessage("a@example.org", ["lone" + (char)0xD800 + "@example.net"], "x")));

    [Theory]
    [InlineData("a@example.org", "b@example.net", false)]
    [InlineData("jösé@example.org", "b@example.net", true)]
    [InlineData("a@example.org", "用户@例子.example", true)]
    public void RequiresSmtpUtf8_IsTrueForANonAsciiEnvelopeAddress(string from, string recipient, bool expected)
    {
        var message = new SmtpMessage(from, [recipient], "x");

        Assert.NotEmpty(SmtpDataEncoder.Encode(message));
        Assert.Equal(expected, SmtpDataEncoder.RequiresSmtpUtf8(message));
    }

    private static SmtpMessage Message(string content) => new("a@example.org", ["b@example.net"], content);
}
