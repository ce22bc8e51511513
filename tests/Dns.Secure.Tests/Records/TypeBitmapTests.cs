using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Records;

public class TypeBitmapTests
{
    // RFC 4034 §4.3: "A MX RRSIG NSEC TYPE1234" as window blocks.
    private const string Rfc4034Section43Bitmap = "000640010000000304" + "1B" + "000000000000000000000000000000000000000000000000000020";

    [Fact]
    public void Rfc4034Section43Example_EncodesAsTheRfcShows()
    {
        var bitmap = new TypeBitmap([RecordType.NSEC, RecordType.A, RecordType.MX, RecordType.RRSIG, (RecordType)1234, RecordType.A]);
        Assert.Equal(Rfc4034Section43Bitmap, Convert.ToHexString(bitmap.WireForm));
        Assert.Equal("A MX RRSIG NSEC TYPE1234", bitmap.ToString());
        Assert.Equal(5, bitmap.Count);
    }

    [Fact]
    public void Decode_Rfc4034Section43Example_HasTheListedTypes()
    {
        TypeBitmap bitmap = TypeBitmap.Decode(Convert.FromHexString(Rfc4034Section43Bitmap));
        Assert.Equal([RecordType.A, RecordType.MX, RecordType.RRSIG, RecordType.NSEC, (RecordType)1234], bitmap.ToArray());
        Assert.True(bitmap.Contains((RecordType)1234));
        Assert.False(bitmap.Contains(RecordType.NS));
        Assert.False(bitmap.Contains((RecordType)1235));
    }

    [Fact]
    public void EveryType_RoundTripsThroughWireAndText()
    {
        var all = Enumerable.Range(0, 65536).Select(i => (RecordType)i).ToList();
        var bitmap = new TypeBitmap(all);
        Assert.Equal(256 * 34, bitmap.WireForm.Length);
        TypeBitmap decoded = TypeBitmap.Decode(bitmap.WireForm);
        Assert.Equal(bitmap, decoded);
        Assert.Equal(65536, decoded.Count);
        Assert.Equal(bitmap, TypeBitmap.Parse(bitmap.ToString()));
    }

    [Fact]
    public void Empty_HasNoWireOctetsAndNoText()
    {
        Assert.True(TypeBitmap.Decode([]).IsEmpty);
        Assert.Equal(0, new TypeBitmap([]).WireForm.Length);
        Assert.Equal(string.Empty, TypeBitmap.Empty.ToString());
    }

    [Theory]
    [InlineData("00", "truncated window header")]
    [InlineData("0000", "bitmap length 0")]
    [InlineData("0002400000", "zero final bitmap octet and a stray octet")]
    [InlineData("000240", "bitmap shorter than its length")]
    [InlineData("00024000", "trailing zero octet")]
    [InlineData("010140000140", "windows out of order")]
    [InlineData("000140000120", "duplicate window")]
    public void Decode_MalformedBitmap_IsFormatError(string hex, string because)
    {
        Assert.False(TypeBitmap.TryDecode(Convert.FromHexString(hex), out _), because);
        Assert.Throws<DnsFormatException>(() => TypeBitmap.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Decode_WindowLongerThan32Octets_IsFormatError() =>
        Assert.Throws<DnsFormatException>(() => TypeBitmap.Decode(Convert.FromHexString("0021" + new string('0', 64) + "01")));

    [Fact]
    public void Parse_IsCaseInsensitiveAndIgnoresDuplicates()
    {
        TypeBitmap bitmap = TypeBitmap.Parse("rrsig  nsec A a TYPE65535");
        Assert.Equal("A RRSIG NSEC TYPE65535", bitmap.ToString());
        Assert.Equal(bitmap.GetHashCode(), TypeBitmap.Parse("A RRSIG NSEC TYPE65535").GetHashCode());
    }

    [Fact]
    public void Parse_UnknownMnemonic_IsFormatError() =>
        Assert.Throws<DnsFormatException>(() => TypeBitmap.Parse("A BOGUS"));
}
