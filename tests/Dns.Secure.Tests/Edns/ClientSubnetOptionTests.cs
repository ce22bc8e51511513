using System.Net;
using DnsSecure.Edns;
using DnsSecure.Wire;
using static DnsSecure.Tests.Edns.EdnsTestHelpers;

namespace DnsSecure.Tests.Edns;

public class ClientSubnetOptionTests
{
    [Fact]
    public void DigSubnetQuery_DecodesTypedOption()
    {
        DnsMessage query = DnsMessage.Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, "dig-query-subnet.bin")));
        ClientSubnetOption ecs = Assert.IsType<ClientSubnetOption>(query.Edns!.GetOption<ClientSubnetOption>());
        Assert.Equal(ClientSubnetOption.FamilyIPv4, ecs.Family);
        Assert.Equal(24, ecs.SourcePrefixLength);
        Assert.Equal(0, ecs.ScopePrefixLength);
        Assert.Equal(IPAddress.Parse("192.0.2.0"), ecs.Address);
        Assert.Equal("CLIENT-SUBNET: 192.0.2.0/24/0", ecs.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(FixtureDirectory, "dig-query-subnet.bin")), query.Encode());
    }

    [Fact]
    public void Create_TruncatesAddressToPrefix_AndEncodesOnlyPrefixOctets()
    {
        var ecs = new ClientSubnetOption(IPAddress.Parse("192.0.2.255"), 20);
        Assert.Equal(IPAddress.Parse("192.0.0.0"), ecs.Address);
        Assert.Equal([0, 1, 20, 0, 192, 0, 0], ecs.ToData());

        var v6 = new ClientSubnetOption(IPAddress.Parse("2001:db8:abcd::1"), 36, 48);
        Assert.Equal(IPAddress.Parse("2001:db8:a000::"), v6.Address);
        Assert.Equal([0, 2, 36, 48, 0x20, 0x01, 0x0d, 0xb8, 0xa0], v6.ToData());
        Assert.Equal(v6, RoundTrip(v6));

        var zero = new ClientSubnetOption(IPAddress.Parse("192.0.2.1"), 0);
        Assert.Equal([0, 1, 0, 0], zero.ToData());
        Assert.Equal(zero, RoundTrip(zero));
    }

    [Theory]
    [InlineData(new byte[] { 0, 3, 0, 0 })]                 // unknown family
    [InlineData(new byte[] { 0, 1, 33, 0, 1, 2, 3, 4, 5 })] // IPv4 prefix above 32
    [InlineData(new byte[] { 0, 1, 24, 33, 1, 2, 3 })]      // IPv4 scope above 32
    [InlineData(new byte[] { 0, 2, 129, 0 })]               // IPv6 prefix above 128
    [InlineData(new byte[] { 0, 1, 24, 0, 192, 0 })]        // too few address octets
    [InlineData(new byte[] { 0, 1, 24, 0, 192, 0, 2, 0 })]  // too many address octets
    [InlineData(new byte[] { 0, 1, 23, 0, 192, 0, 3 })]     // a bit set beyond the prefix
    [InlineData(new byte[] { 0, 1, 0 })]                    // truncated header
    public void Decode_Malformed_IsFormatError(byte[] data) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(QueryWithOption(8, data)));

    [Fact]
    public void Create_PrefixBeyondAddress_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientSubnetOption(IPAddress.Loopback, 33));
}
