using DnsSecure.Edns;
using DnsSecure.Iana;
using DnsSecure.Wire;
using static DnsSecure.Tests.Edns.EdnsTestHelpers;

namespace DnsSecure.Tests.Edns;

public class ExtendedDnsErrorTests
{
    [Fact]
    public void RoundTrip_KeepsCodeAndUtf8Text()
    {
        var ede = new ExtendedDnsError(ExtendedDnsErrorCode.DnssecBogus, "signature of example./A does not verify — ключ");
        var back = Assert.IsType<ExtendedDnsError>(RoundTrip(ede));
        Assert.Equal(ExtendedDnsErrorCode.DnssecBogus, back.InfoCode);
        Assert.Equal(ede.ExtraText, back.ExtraText);
        Assert.Equal(ede, back);
    }

    [Fact]
    public void Encode_IsInfoCodeThenText()
    {
        Assert.Equal([0, 7, (byte)'x'], new ExtendedDnsError(ExtendedDnsErrorCode.SignatureExpired, "x").ToData());
        Assert.Equal([0, 18], new ExtendedDnsError(ExtendedDnsErrorCode.Prohibited).ToData());
    }

    [Fact]
    public void Decode_ResponseWithEde7AndText_GivesTypedOption()
    {
        DnsMessage message = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "fake-response-ede.bin")));
        Assert.Equal(ResponseCode.ServFail, message.ResponseCode);
        ExtendedDnsError ede = Assert.IsType<ExtendedDnsError>(message.Edns!.GetOption<ExtendedDnsError>());
        Assert.Equal(ExtendedDnsErrorCode.SignatureExpired, ede.InfoCode);
        Assert.Equal("signature expired for example./A", ede.ExtraText);
    }

    [Fact]
    public void ToString_OfEveryOptionInTheResponse_EqualsDig()
    {
        DnsMessage message = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "fake-response-ede.bin")));
        List<string> dig = DigOptionLines(Path.Combine(FixtureDirectory, "fake-response-ede.dig.txt"));
        Assert.Equal(4, dig.Count);
        Assert.Equal(dig, message.Edns!.Options.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    public void Decode_ShorterThanInfoCode_IsFormatError(byte[] data) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(QueryWithOption(15, data)));

    [Fact]
    public void Registry_NamesEveryCodeFrom0To30()
    {
        for (ushort code = 0; code <= 30; code++)
        {
            Assert.True(Enum.IsDefined((ExtendedDnsErrorCode)code), $"code {code}");
            Assert.NotNull(ExtendedDnsError.Describe((ExtendedDnsErrorCode)code));
        }

        Assert.Equal("EDE: 31", new ExtendedDnsError((ExtendedDnsErrorCode)31).ToString());
    }
}
