using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Tests.Fixtures;

namespace DnsSecure.Tests.Records;

public class RrsigRdataTests
{
    // RFC 4034 §3.3 example.
    private const string Rfc4034Section33 =
        "A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr " +
        "PYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3t GNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG " +
        "J5D6fwFm8nN+6pBzeDQfsS3Ap3o= )";

    [Fact]
    public void Rfc4034Section33Example_HasTheFieldsTheRfcLists()
    {
        var sig = Assert.IsType<RrsigRdata>(RdataAssert.RoundTrips(RecordType.RRSIG, Rfc4034Section33));
        Assert.Equal(RecordType.A, sig.TypeCovered);
        Assert.Equal(DnssecAlgorithm.RsaSha1, sig.Algorithm);
        Assert.Equal(3, sig.Labels);
        Assert.Equal(86400u, sig.OriginalTtl);
        Assert.Equal(new DateTimeOffset(2003, 3, 22, 17, 31, 3, TimeSpan.Zero).ToUnixTimeSeconds(), sig.SignatureExpiration);
        Assert.Equal(new DateTimeOffset(2003, 2, 20, 17, 31, 3, TimeSpan.Zero).ToUnixTimeSeconds(), sig.SignatureInception);
        Assert.Equal(2642, sig.KeyTag);
        Assert.Equal(DomainName.Parse("example.com."), sig.SignerName);
        Assert.StartsWith("A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTr", sig.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CopiesTheCallersSignature()
    {
        byte[] signature = [1, 2, 3, 4];
        var sig = new RrsigRdata(RecordType.A, DnssecAlgorithm.EcdsaP256Sha256, 1, 300, 2, 1, 7, DomainName.Parse("example."), signature);
        signature[0] = 99;
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, sig.Signature.ToArray());
    }

    [Fact]
    public void Decode_SignatureIsAnExactCopyThatDoesNotAliasTheWireBuffer()
    {
        var original = new RrsigRdata(RecordType.A, DnssecAlgorithm.EcdsaP256Sha256, 1, 300, 2, 1, 7, DomainName.Parse("example."), new byte[] { 5, 6, 7 });
        var message = new DnsMessage { Answers = [new ResourceRecord(DomainName.Parse("example."), RecordClass.IN, 300, original)] };
        byte[] wire = message.Encode();
        var decoded = Assert.IsType<RrsigRdata>(DnsMessage.Decode(wire).Answers[0].Data);
        wire.AsSpan().Clear();
        Assert.Equal(new byte[] { 5, 6, 7 }, decoded.Signature.ToArray());
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void Timestamps_AcceptSecondsAndPrintAsDates()
    {
        var sig = (RrsigRdata)RdataAssert.RoundTrips(RecordType.RRSIG, "A 13 2 300 4294967295 0 1 example. AAAA");
        Assert.Equal(uint.MaxValue, sig.SignatureExpiration);
        Assert.Equal(0u, sig.SignatureInception);
        Assert.Contains(" 21060207062815 19700101000000 ", sig.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    // dnspython's Ed448 window, 2015-07-29T22:00:00Z to 2015-08-19T22:00:00Z: both ends are inside (RFC 4035 §5.3.1).
    [InlineData(1438207199, false)]
    [InlineData(1438207200, true)]
    [InlineData(1440021600, true)]
    [InlineData(1440021601, false)]
    public void IsValidAt_IncludesBothEndsOfThePeriod(long unixTime, bool valid)
    {
        var sig = (RrsigRdata)RdataAssert.Parse(RecordType.RRSIG, "MX 16 2 3600 20150819220000 20150729220000 9713 example.com. AAAA");
        Assert.Equal(valid, sig.IsValidAt(DateTimeOffset.FromUnixTimeSeconds(unixTime)));
    }

    [Fact]
    public void IsValidAt_PeriodAcrossThe2106Wrap_UsesSerialNumberArithmetic()
    {
        // RFC 1982: inception just before 2^32 seconds, expiration ten days later, which wraps to a small number.
        uint inception = (uint)new DateTimeOffset(2106, 2, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        uint expiration = unchecked(inception + (10 * 86400));
        Assert.True(expiration < inception);
        var sig = new RrsigRdata(RecordType.A, DnssecAlgorithm.Ed25519, 2, 300, expiration, inception, 1, DomainName.Root, new byte[64]);
        Assert.True(sig.IsValidAt(new DateTimeOffset(2106, 2, 5, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(sig.IsValidAt(new DateTimeOffset(2106, 2, 10, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(sig.IsValidAt(new DateTimeOffset(2106, 1, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(sig.IsValidAt(new DateTimeOffset(2106, 2, 12, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void CanonicalForm_LowercasesTheSignerNameButWireKeepsCase()
    {
        var sig = (RrsigRdata)RdataAssert.RoundTrips(RecordType.RRSIG, "NSEC 13 2 300 20360101000000 20260101000000 9047 Example.COM. AAAA");
        byte[] wire = sig.ToWire();
        byte[] canonical = sig.CanonicalData.ToArray();
        Assert.NotEqual(wire, canonical);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes("\u0007example\u0003com\0"), canonical.AsSpan(18, 13).ToArray());
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes("\u0007Example\u0003COM\0"), wire.AsSpan(18, 13).ToArray());
    }

    [Fact]
    public void GetRdataWithoutSignature_IsTheCanonicalRdataMinusTheSignature()
    {
        var sig = (RrsigRdata)RdataAssert.Parse(RecordType.RRSIG, Rfc4034Section33.Replace("example.com.", "EXAMPLE.com.", StringComparison.Ordinal));
        byte[] prefix = sig.GetRdataWithoutSignature();
        Assert.Equal(sig.CanonicalData.Length - sig.Signature.Length, prefix.Length);
        Assert.Equal(sig.CanonicalData[..prefix.Length].ToArray(), prefix);
    }

    [Fact]
    public void Decode_CompressedSignerName_IsFormatError() =>
        // RFC 4034 §3.1.7: the signer's name must not be compressed.
        RdataAssert.WireIsMalformed(RecordType.RRSIG, "0001" + "0D" + "02" + "0000012C" + "7C245F00" + "6955B900" + "2357" + "C000" + "AAAA");

    [Theory]
    [InlineData("0001")]
    [InlineData("00010D020000012C7C245F006955B9002357")]
    [InlineData("00010D020000012C7C245F006955B900235707")]
    [InlineData("00010D020000012C7C245F006955B900235700")]
    public void Decode_Truncated_IsFormatError(string hex) => RdataAssert.WireIsMalformed(RecordType.RRSIG, hex);

    [Theory]
    [InlineData("A 13 2 300 20360101000000 20260101000000 9047 example.")]
    [InlineData("BOGUS 13 2 300 20360101000000 20260101000000 9047 example. AAAA")]
    [InlineData("A 13 256 300 20360101000000 20260101000000 9047 example. AAAA")]
    [InlineData("A 13 2 300 2036010100000 20260101000000 9047 example. AAAA")]
    [InlineData("A 13 2 300 20361301000000 20260101000000 9047 example. AAAA")]
    [InlineData("A 13 2 300 20360101000000 20260101000000 9047 example. AA*A")]
    public void Parse_Malformed_IsFormatError(string rdata) => RdataAssert.TextIsMalformed(RecordType.RRSIG, rdata);
}
