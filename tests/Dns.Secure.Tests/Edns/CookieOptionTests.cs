using DnsSecure.Edns;
using DnsSecure.Wire;
using static DnsSecure.Tests.Edns.EdnsTestHelpers;

namespace DnsSecure.Tests.Edns;

public class CookieOptionTests
{
    private static readonly byte[] s_client = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void RoundTrip_ClientOnlyAndWithServerCookie()
    {
        var clientOnly = Assert.IsType<CookieOption>(RoundTrip(new CookieOption(s_client)));
        Assert.Equal(s_client, clientOnly.ClientCookie.ToArray());
        Assert.True(clientOnly.ServerCookie.IsEmpty);

        byte[] server = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];
        var both = Assert.IsType<CookieOption>(RoundTrip(new CookieOption(s_client, server)));
        Assert.Equal(server, both.ServerCookie.ToArray());
        Assert.Equal("COOKIE: 0102030405060708000102030405060708090a0b0c0d0e0f", both.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(41)]
    public void Decode_WrongLength_IsFormatError(int length) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(QueryWithOption(10, new byte[length])));

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(40)]
    public void Decode_ValidLength_Decodes(int length) =>
        Assert.IsType<CookieOption>(Assert.Single(DnsMessage.Decode(QueryWithOption(10, new byte[length])).Edns!.Options));

    [Fact]
    public void Create_WrongLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => new CookieOption(new byte[7]));
        Assert.Throws<ArgumentException>(() => new CookieOption(s_client, new byte[7]));
        Assert.Throws<ArgumentException>(() => new CookieOption(s_client, new byte[33]));
    }

    [Fact]
    public void DigQueryWithCookieNsidPadding_DecodesTypedOptions()
    {
        byte[] wire = File.ReadAllBytes(Path.Combine(FixtureDirectory, "dig-query-cookie-nsid-padding.bin"));
        DnsMessage query = DnsMessage.Decode(wire);
        EdnsRecord edns = query.Edns!;
        CookieOption cookie = Assert.IsType<CookieOption>(edns.GetOption<CookieOption>());
        Assert.Equal(8, cookie.ClientCookie.Length);
        Assert.True(cookie.ServerCookie.IsEmpty);
        NsidOption nsid = Assert.IsType<NsidOption>(edns.GetOption<NsidOption>());
        Assert.True(nsid.Data.IsEmpty);
        PaddingOption padding = Assert.IsType<PaddingOption>(edns.GetOption<PaddingOption>());

        // dig +padding=128 pads the whole message to a multiple of 128 octets (RFC 8467 block-length padding).
        Assert.Equal(0, wire.Length % 128);
        Assert.Equal(wire.Length, query.Encode().Length);
        Assert.True(padding.Length > 0);
        Assert.Equal(wire, query.Encode());
    }

    [Fact]
    public void NsdResponse_EchoesClientCookieAndAddsServerCookie()
    {
        DnsMessage m = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "nsd-nsid-cookie.bin")));
        CookieOption cookie = Assert.IsType<CookieOption>(m.Edns!.GetOption<CookieOption>());
        Assert.Equal(s_client, cookie.ClientCookie.ToArray());

        // RFC 9018 §4: NSD's server cookie is 16 octets (version, reserved, timestamp, hash).
        Assert.Equal(16, cookie.ServerCookie.Length);

        // dig printed its own exchange with the same server: same shape, then dig's verdict "(good)".
        string digLine = Assert.Single(DigOptionLines(Path.Combine(FixtureDirectory, "nsd-nsid-cookie.dig.txt")), l => l.StartsWith("COOKIE:", StringComparison.Ordinal));
        Assert.Matches("^COOKIE: [0-9a-f]{48} \\(good\\)$", digLine);
        Assert.Matches("^COOKIE: [0-9a-f]{48}$", cookie.ToString());
    }
}
