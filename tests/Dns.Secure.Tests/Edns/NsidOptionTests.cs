using DnsSecure.Edns;
using static DnsSecure.Tests.Edns.EdnsTestHelpers;

namespace DnsSecure.Tests.Edns;

public class NsidOptionTests
{
    [Fact]
    public void RoundTrip_KeepsOpaqueOctets()
    {
        byte[] data = [0, 1, 0xFF, (byte)'a'];
        Assert.Equal(data, Assert.IsType<NsidOption>(RoundTrip(new NsidOption(data))).Data.ToArray());
        Assert.True(Assert.IsType<NsidOption>(RoundTrip(new NsidOption())).Data.IsEmpty);
    }

    [Fact]
    public void ToString_ShowsHexAndPrintableText()
    {
        Assert.Equal("NSID: 6e 73 31 (\"ns1\")", new NsidOption("ns1").ToString());
        Assert.Equal("NSID: 00 41 ff (\".A.\")", new NsidOption(new byte[] { 0, 0x41, 0xFF }).ToString());
        Assert.Equal("NSID:", new NsidOption().ToString());
    }

    [Fact]
    public void NsdResponse_CarriesItsConfiguredNsid_PrintedAsDigDoes()
    {
        // NSD ran with nsid "ascii_ns1.example"; dig +nsid printed the same server's option.
        DnsMessage m = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "nsd-nsid-cookie.bin")));
        NsidOption nsid = Assert.IsType<NsidOption>(m.Edns!.GetOption<NsidOption>());
        Assert.Equal("ns1.example"u8.ToArray(), nsid.Data.ToArray());
        Assert.Contains(nsid.ToString(), DigOptionLines(Path.Combine(FixtureDirectory, "nsd-nsid-cookie.dig.txt")));
    }
}
