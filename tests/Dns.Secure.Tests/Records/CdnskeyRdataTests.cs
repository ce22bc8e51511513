using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class CdnskeyRdataTests
{
    [Fact]
    public void Rfc8078DeleteForm_IsDelete()
    {
        var key = Assert.IsType<CdnskeyRdata>(RdataAssert.RoundTrips(RecordType.CDNSKEY, "0 3 0 AA=="));
        Assert.True(key.IsDelete);
        Assert.Equal("0 3 0 AA==", key.ToString());
    }

    [Fact]
    public void OrdinaryCdnskey_HasTheSameKeyTagAsItsDnskey()
    {
        const string rdata = "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=";
        var cdnskey = Assert.IsType<CdnskeyRdata>(RdataAssert.RoundTrips(RecordType.CDNSKEY, rdata));
        var dnskey = (DnskeyRdata)RdataAssert.Parse(RecordType.DNSKEY, rdata);
        Assert.False(cdnskey.IsDelete);
        Assert.Equal(dnskey.KeyTag, cdnskey.KeyTag);
        Assert.True(cdnskey.IsSecureEntryPoint);
        Assert.Equal(dnskey.ToWire(), cdnskey.ToWire());
    }

    [Fact]
    public void Decode_Truncated_IsFormatError() => RdataAssert.WireIsMalformed(RecordType.CDNSKEY, "000003");

    [Fact]
    public void Parse_Malformed_IsFormatError() => RdataAssert.TextIsMalformed(RecordType.CDNSKEY, "0 3 0 A");
}
