using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Tests.Fixtures;

/// <summary>Round-trip checks every record type's tests share.</summary>
internal static class RdataAssert
{
    /// <summary>Parses RDATA text of <paramref name="type"/>.</summary>
    public static Rdata Parse(RecordType type, string rdata) =>
        ResourceRecord.Parse($"owner.example. 300 IN {type.ToText()} {rdata}").Data;

    /// <summary>
    /// Text parse → print → parse gives equal data; wire encode → decode → encode gives the same octets and equal data;
    /// the RFC 3597 generic form decodes to equal data. Returns the parsed data.
    /// </summary>
    public static Rdata RoundTrips(RecordType type, string rdata)
    {
        Rdata parsed = Parse(type, rdata);
        Assert.Equal(type, parsed.Type);
        string printed = parsed.ToString();
        Rdata reparsed = Parse(type, printed);
        Assert.Equal(parsed, reparsed);
        Assert.Equal(printed, reparsed.ToString());

        byte[] wire = parsed.ToWire();
        Rdata decoded = RdataRegistry.Decode(type, wire);
        Assert.Equal(parsed.GetType(), decoded.GetType());
        Assert.Equal(parsed, decoded);
        Assert.Equal(wire, decoded.ToWire());
        Assert.Equal(parsed, Parse(type, parsed.ToGenericText()));
        return parsed;
    }

    public static void WireIsMalformed(RecordType type, string hex) =>
        Assert.Throws<DnsFormatException>(() => RdataRegistry.Decode(type, Convert.FromHexString(hex)));

    public static void TextIsMalformed(RecordType type, string rdata) =>
        Assert.Throws<DnsFormatException>(() => Parse(type, rdata));
}
