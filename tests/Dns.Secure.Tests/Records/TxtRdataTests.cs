using System.Text;
using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

public class TxtRdataTests
{
    [Theory]
    [InlineData("\"a\\\"b\"", new[] { "a\"b" })]
    [InlineData("\"a\\\\b\"", new[] { "a\\b" })]
    [InlineData("\"\\065\\066\"", new[] { "AB" })]
    [InlineData("\"\"", new[] { "" })]
    [InlineData("one two \"three four\"", new[] { "one", "two", "three four" })]
    [InlineData("\"a;b\"", new[] { "a;b" })]
    [InlineData("\"v=DKIM1; k=rsa; \" \"p=MIGf\"", new[] { "v=DKIM1; k=rsa; ", "p=MIGf" })]
    public void Parse_DecodesEscapesAndStrings(string text, string[] expected)
    {
        var txt = Assert.IsType<TxtRdata>(ParseData("TXT", text));
        Assert.Equal(expected, txt.Strings.Select(s => Encoding.UTF8.GetString(s.Span)));
        Assert.Equal(string.Concat(expected), txt.JoinedText);
    }

    [Fact]
    public void ToString_EscapesQuoteBackslashAndNonPrintables()
    {
        var txt = new TxtRdata([new byte[] { (byte)'"', (byte)'\\', 9, 0xFF, (byte)'a', (byte)' ' }]);
        Assert.Equal("\"\\\"\\\\\\009\\255a \"", txt.ToString());
        Assert.Equal(txt, ParseData("TXT", txt.ToString()));
    }

    [Fact]
    public void Utf8Text_IsCarriedAsOctets_AndPrintedAsDecimalEscapes()
    {
        // BIND prints "é" as \195\169 (checked with named-compilezone 9.18).
        var txt = Assert.IsType<TxtRdata>(ParseData("TXT", "\"é\""));
        Assert.Equal([0xC3, 0xA9], txt.Strings[0].ToArray());
        Assert.Equal("\"\\195\\169\"", txt.ToString());
    }

    [Fact]
    public void Wire_IsLengthPrefixedStrings()
    {
        Assert.Equal([2, (byte)'h', (byte)'i', 0], new TxtRdata("hi", "").ToWire());
        Assert.Equal(["a", "bc"], Assert.IsType<TxtRdata>(DecodeRdata(RecordType.TXT, [1, (byte)'a', 2, (byte)'b', (byte)'c'])).Strings.Select(s => Encoding.ASCII.GetString(s.Span)));
    }

    [Fact]
    public void ZeroStrings_IsInvalidOnTheWireAndInText_AsBindDoes()
    {
        // RFC 1035 §3.3.14 "one or more"; BIND's named-compilezone rejects "TXT" with no string ("unexpected end of input").
        Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.TXT, []));
        Assert.Throws<DnsFormatException>(() => ResourceRecord.Parse("a.example. 1 IN TXT"));
        Assert.Throws<ArgumentException>(() => new TxtRdata(Array.Empty<string>()));
    }

    [Fact]
    public void StringOver255Octets_IsRejected()
    {
        string longText = new('x', 256);
        Assert.Throws<DnsFormatException>(() => ParseData("TXT", $"\"{longText}\""));
        Assert.Throws<ArgumentException>(() => new TxtRdata(longText));
        Assert.Equal(255, Assert.IsType<TxtRdata>(ParseData("TXT", $"\"{longText[1..]}\"")).Strings[0].Length);
    }

    [Theory]
    [InlineData(new byte[] { 3, (byte)'a' })]
    [InlineData(new byte[] { 1, (byte)'a', 5 })]
    public void Decode_StringPastRdata_IsFormatError(byte[] rdata) =>
        Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.TXT, rdata));

    [Fact]
    public void Spf_HasTheSameShapeAsTxt()
    {
        var spf = Assert.IsType<SpfRdata>(ParseData("SPF", "\"v=spf1\" \" -all\""));
        Assert.Equal("v=spf1 -all", spf.JoinedText);
        Assert.Equal(new TxtRdata("v=spf1", " -all").ToWire(), spf.ToWire());
        Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.SPF, []));
    }
}
