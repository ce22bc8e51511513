using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Tests;

public class DnsMessageTests
{
    [Fact]
    public void EncodeDecode_RoundTripsWithCompression()
    {
        var name = DomainName.Parse("www.example.com.");
        var message = new DnsMessage
        {
            Id = 0x1234,
            IsResponse = true,
            AuthoritativeAnswer = true,
            Questions = [new DnsQuestion(name, RecordType.A)],
            Answers = [new ResourceRecord(name, 300, new ARdata(System.Net.IPAddress.Parse("192.0.2.1")))],
            Authorities = [new ResourceRecord(DomainName.Parse("example.com."), 300, new NsRdata(DomainName.Parse("ns1.example.com.")))],
            Edns = new DnsSecure.Edns.EdnsRecord { DnssecOk = true },
        };
        byte[] wire = message.Encode();
        DnsMessage decoded = DnsMessage.Decode(wire);
        Assert.Equal(message, decoded);
        // The answer owner is a pointer to the question name.
        Assert.True(wire.Length < 100);
    }

    [Fact]
    public void Decode_OwnersPointingAtTheQuestionName_ShareOneDecodedName()
    {
        var name = DomainName.Parse("WWW.example.com.");
        var message = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Questions = [new DnsQuestion(name, RecordType.A)],
            Answers = [new ResourceRecord(name, 300, new ARdata(System.Net.IPAddress.Parse("192.0.2.1"))), new ResourceRecord(name, 300, new ARdata(System.Net.IPAddress.Parse("192.0.2.2")))],
            Authorities = [new ResourceRecord(DomainName.Parse("example.com."), 300, new NsRdata(DomainName.Parse("ns1.example.com.")))],
        };

        DnsMessage decoded = DnsMessage.Decode(message.Encode());

        Assert.Same(decoded.Questions[0].Name, decoded.Answers[0].Name);
        Assert.Same(decoded.Questions[0].Name, decoded.Answers[1].Name);
        Assert.Equal("WWW.example.com.", decoded.Answers[1].Name.ToString());
        Assert.Equal("example.com.", decoded.Authorities[0].Name.ToString());
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Decode_OwnersPointingAtTheSameSuffix_ShareOneDecodedName()
    {
        var zone = DomainName.Parse("Example.com.");
        var message = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Questions = [new DnsQuestion(DomainName.Parse("www.Example.com."), RecordType.A)],
            Authorities =
            [
                new ResourceRecord(zone, 300, new NsRdata(DomainName.Parse("ns1.example.com."))),
                new ResourceRecord(zone, 300, new NsRdata(DomainName.Parse("ns2.example.com."))),
            ],
        };

        DnsMessage decoded = DnsMessage.Decode(message.Encode());

        // Both owners are a bare pointer into the question's name: one instance, and it reads as the suffix it points to.
        Assert.Same(decoded.Authorities[0].Name, decoded.Authorities[1].Name);
        Assert.Equal("Example.com.", decoded.Authorities[1].Name.ToString());
        Assert.Equal("ns2.example.com.", ((NsRdata)decoded.Authorities[1].Data).NameServer.ToString());
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Decode_ForwardCompressionPointer_Throws()
    {
        byte[] wire = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
    }

    [Fact]
    public void Decode_OptInAnswerSection_IsFormatError()
    {
        byte[] wire = [0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
    }

    [Fact]
    public void Decode_ExtendedRcode_CombinesOptBits()
    {
        var message = new DnsMessage { Id = 1, IsResponse = true, ResponseCode = ResponseCode.BadCookie, Edns = new DnsSecure.Edns.EdnsRecord() };
        Assert.Equal(ResponseCode.BadCookie, DnsMessage.Decode(message.Encode()).ResponseCode);
    }
}

public class DnsMessageTruncationTests
{
    [Fact]
    public void Encode_OverSizeLimit_DropsWholeRecordsSetsTcAndKeepsOpt()
    {
        var name = DomainName.Parse("big.example.");
        var answers = Enumerable.Range(0, 100)
            .Select(i => new ResourceRecord(name, 60, new ARdata(new System.Net.IPAddress([10, 0, (byte)(i / 256), (byte)i]))))
            .ToArray();
        var message = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Questions = [new DnsQuestion(name, RecordType.A)],
            Answers = [.. answers],
            Edns = new DnsSecure.Edns.EdnsRecord { UdpPayloadSize = 512 },
        };
        byte[] wire = message.Encode(512);
        Assert.True(wire.Length <= 512);
        DnsMessage decoded = DnsMessage.Decode(wire);
        Assert.True(decoded.Truncated);
        Assert.NotNull(decoded.Edns);
        Assert.InRange(decoded.Answers.Length, 1, 99);
        Assert.Equal(answers.Take(decoded.Answers.Length), decoded.Answers);

        DnsMessage full = DnsMessage.Decode(message.Encode());
        Assert.False(full.Truncated);
        Assert.Equal(100, full.Answers.Length);
    }

    [Fact]
    public void Encode_ExtendedRcodeWithoutEdns_IsCallerError() =>
        Assert.Throws<InvalidOperationException>(() => new DnsMessage { ResponseCode = ResponseCode.BadVers }.Encode());
}
