using DnsSecure.Records;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Text;

public class ZoneFileReaderTests
{
    [Fact]
    public void Read_DirectivesRelativeNamesAndOmittedOwners()
    {
        const string zone = """
            $ORIGIN example.com.
            $TTL 1h
            @       IN  NS  ns1        ; comment
                        NS  ns2.example.net.
            www 300 IN  A   192.0.2.1
                IN 60   A   192.0.2.2
            $ORIGIN sub.example.com.
            host        A   ( 192.0.2.3 )
            """;
        var records = new ZoneFileReader(zone).ReadRecords().ToList();
        Assert.Equal(5, records.Count);
        Assert.Equal("example.com.", records[0].Name.ToString());
        Assert.Equal(3600u, records[0].Ttl);
        Assert.Equal("ns1.example.com.", ((NsRdata)records[0].Data).NameServer.ToString());
        Assert.Equal("example.com.", records[1].Name.ToString());
        Assert.Equal(300u, records[2].Ttl);
        Assert.Equal("www.example.com.", records[3].Name.ToString());
        Assert.Equal(60u, records[3].Ttl);
        Assert.Equal("host.sub.example.com.", records[4].Name.ToString());
        Assert.Equal(3600u, records[4].Ttl);
    }

    [Fact]
    public void Read_GenericRfc3597Form_DecodesKnownType()
    {
        var rr = ResourceRecord.Parse("a.example. 60 IN A \\# 4 C0000201");
        Assert.Equal("192.0.2.1", ((ARdata)rr.Data).Address.ToString());
        var unknown = ResourceRecord.Parse("a.example. 60 CLASS32 TYPE731 \\# 6 abcd ef 012345");
        Assert.Equal((RecordType)731, unknown.Type);
        Assert.Equal("\\# 6 ABCDEF012345", unknown.Data.ToString());
    }

    [Theory]
    [InlineData("a.example. 60 IN A 192.0.2")]
    [InlineData("a.example. 60 IN A 192.0.2.1 extra")]
    [InlineData("a.example. 60 IN A \\# 3 C00002")]
    [InlineData("a.example. 60 IN BOGUSTYPE x")]
    [InlineData("a.example. 60 IN A ( 192.0.2.1")]
    [InlineData("$INCLUDE /etc/passwd")]
    [InlineData("$GENERATE 1-2 a A 1.2.3.4")]
    public void Read_Malformed_ThrowsDnsFormatException(string text) =>
        Assert.Throws<DnsFormatException>(() => new ZoneFileReader(text, new ZoneFileReaderOptions { DefaultTtl = 0 }).ReadRecords().ToList());

    [Fact]
    public void Writer_OutputReadsBackEqual()
    {
        var records = new ZoneFileReader("$ORIGIN example.\n$TTL 60\n@ NS ns\nns A 192.0.2.53\n_443._tcp.www TLSA 3 1 1 0123456789abcdef\n").ReadRecords().ToList();
        string text = ZoneFileWriter.ToText(records);
        Assert.Equal(records, new ZoneFileReader(text).ReadRecords().ToList());
    }
}
