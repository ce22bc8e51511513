using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class NsecRdataTests
{
    // RFC 4034 §4.3: "host.example.com. A MX RRSIG NSEC TYPE1234" in wire form.
    private const string Rfc4034Section43Wire =
        "04686F7374076578616D706C6503636F6D00" + "0006400100000003" + "041B" + "000000000000000000000000000000000000000000000000000020";

    [Fact]
    public void Rfc4034Section43Example_DecodesToTheRfcText()
    {
        var nsec = Assert.IsType<NsecRdata>(RdataRegistry.Decode(RecordType.NSEC, Convert.FromHexString(Rfc4034Section43Wire)));
        Assert.Equal("host.example.com. A MX RRSIG NSEC TYPE1234", nsec.ToString());
        Assert.Equal(DomainName.Parse("host.example.com."), nsec.NextDomainName);
        Assert.True(nsec.Types.Contains((RecordType)1234));
        Assert.Equal(Rfc4034Section43Wire, Convert.ToHexString(RdataAssert.RoundTrips(RecordType.NSEC, nsec.ToString()).ToWire()));
    }

    [Fact]
    public void CanonicalForm_KeepsTheCaseOfTheNextName()
    {
        // RFC 6840 §5.1: NSEC is no longer in the RFC 4034 §6.2 list of types whose names are lowercased.
        Rdata nsec = RdataAssert.RoundTrips(RecordType.NSEC, "Mixed.Case.example. A RRSIG NSEC");
        Assert.Equal(nsec.ToWire(), nsec.CanonicalData.ToArray());
        Assert.Equal((byte)'M', nsec.CanonicalData[1]);
    }

    [Fact]
    public void EmptyTypeBitmap_IsRefusedAsBindDoes()
    {
        // RFC 4034 §4.1.2: an NSEC lists at least NSEC and RRSIG; BIND's typemap check refuses an empty NSEC bitmap
        // (NSEC3 allows one, RFC 5155 §7.1).
        RdataAssert.WireIsMalformed(RecordType.NSEC, "046E657874076578616D706C6500");
        RdataAssert.TextIsMalformed(RecordType.NSEC, "next.example.");
        Assert.Throws<ArgumentException>(() => new NsecRdata(DomainName.Parse("next.example."), TypeBitmap.Empty));
    }

    [Theory]
    [InlineData("C000000620", "compressed next name (RFC 4034 §4.1.1)")]
    [InlineData("0461626364", "next name runs past the end")]
    [InlineData("00000100", "bitmap length 1 with a zero octet")]
    [InlineData("000040", "bitmap length 64")]
    [InlineData("0001014000010140", "duplicate window")]
    public void Decode_Malformed_IsFormatError(string hex, string because)
    {
        _ = because;
        RdataAssert.WireIsMalformed(RecordType.NSEC, hex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("next.example. A NOTATYPE")]
    [InlineData("next..example. A")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.NSEC, rdata);
}
