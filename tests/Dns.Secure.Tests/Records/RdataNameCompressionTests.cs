using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

/// <summary>RFC 3597 §4: which RDATA names are compressed when sent and decompressed when received.</summary>
public class RdataNameCompressionTests
{
    [Fact]
    public void SrvTargetEqualToQuestionName_IsNotCompressed_WhileMxExchangeIs()
    {
        var qname = DomainName.Parse("host.example.");
        var message = new DnsMessage
        {
            IsResponse = true,
            Questions = [new DnsQuestion(qname, RecordType.ANY)],
            Answers =
            [
                new ResourceRecord(qname, 60, new SrvRdata(1, 2, 3, qname)),
                new ResourceRecord(qname, 60, new MxRdata(10, qname)),
            ],
        };
        byte[] wire = message.Encode();
        int questionEnd = 12 + qname.WireLength + 4;

        // SRV: owner pointer (2) + type, class, TTL (8) + RDLENGTH (2), then 6 octets of fields and the full target.
        int srvRdata = questionEnd + 2 + 8;
        int srvLength = (wire[srvRdata] << 8) | wire[srvRdata + 1];
        Assert.Equal(6 + qname.WireLength, srvLength);
        Assert.True(wire.AsSpan(srvRdata + 2 + 6, qname.WireLength).SequenceEqual(qname.WireForm));

        // MX: RDATA is the preference and a pointer to the question name at offset 12.
        int mxRdata = srvRdata + 2 + srvLength + 2 + 8;
        Assert.Equal([0, 4, 0, 10, 0xC0, 12], wire.AsSpan(mxRdata, 6).ToArray());
        Assert.Equal(message, DnsMessage.Decode(wire));
    }

    // RFC 3597 §4: receivers decompress the RFC 1035 types and should also decompress RP, AFSDB, RT, SIG, PX, NXT, NAPTR, SRV.
    [Theory]
    [InlineData(RecordType.CNAME, new byte[] { 0xC0, 12 })]
    [InlineData(RecordType.PTR, new byte[] { 0xC0, 12 })]
    [InlineData(RecordType.MX, new byte[] { 0, 10, 0xC0, 12 })]
    [InlineData(RecordType.SOA, new byte[] { 0xC0, 12, 0xC0, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5 })]
    [InlineData(RecordType.SRV, new byte[] { 0, 1, 0, 2, 0, 3, 0xC0, 12 })]
    [InlineData(RecordType.NAPTR, new byte[] { 0, 1, 0, 2, 0, 0, 0, 0xC0, 12 })]
    [InlineData(RecordType.RP, new byte[] { 0xC0, 12, 0xC0, 12 })]
    [InlineData(RecordType.AFSDB, new byte[] { 0, 1, 0xC0, 12 })]
    [InlineData(RecordType.RT, new byte[] { 0, 1, 0xC0, 12 })]
    [InlineData(RecordType.MB, new byte[] { 0xC0, 12 })]
    [InlineData(RecordType.MINFO, new byte[] { 0xC0, 12, 0xC0, 12 })]
    public void CompressedNameInRdata_IsDecompressed(RecordType type, byte[] rdata)
    {
        DnsMessage m = DnsMessage.Decode(RawResponse("target.example.", type, rdata));
        Rdata data = Assert.Single(m.Answers).Data;
        Assert.Contains("target.example.", data.ToString(), StringComparison.Ordinal);
    }

    // DNAME (RFC 6672 §2.5), KX (RFC 2230), SVCB/HTTPS (RFC 9460 §2.2) are never compressed and not in RFC 3597's list.
    [Theory]
    [InlineData(RecordType.DNAME, new byte[] { 0xC0, 12 })]
    [InlineData(RecordType.KX, new byte[] { 0, 10, 0xC0, 12 })]
    [InlineData(RecordType.SVCB, new byte[] { 0, 1, 0xC0, 12 })]
    [InlineData(RecordType.HTTPS, new byte[] { 0, 0, 0xC0, 12 })]
    public void CompressedNameInRdata_OfTypeNeverCompressed_IsFormatError(RecordType type, byte[] rdata) =>
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(RawResponse("target.example.", type, rdata)));
}
