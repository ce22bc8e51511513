using System.Text;
using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

/// <summary>
/// The rules every record type must follow, checked for all of them: text and wire round trips, truncated or random
/// RDATA only ever failing with <see cref="DnsFormatException"/>, canonical lowercasing exactly for the RFC 4034 §6.2
/// (RFC 6840 §5.1) types, and name compression exactly for the RFC 1035 types (RFC 3597 §4).
/// </summary>
public class RdataConformanceTests
{
    // type, presentation RDATA (mixed-case names), lowercased in canonical form?
    public static TheoryData<string, string, bool> Samples => new()
    {
        { "AAAA", "2001:db8::1", false },
        { "CNAME", "Target.Example.", true },
        { "DNAME", "Other.Example.", true },
        { "SOA", "NS1.Example. Host.Example. 1 2 3 4 5", true },
        { "PTR", "Host.Example.", true },
        { "MX", "10 Mail.Example.", true },
        { "TXT", "\"Hello\" \"World\"", false },
        { "SPF", "\"v=spf1 -all\"", false },
        { "HINFO", "\"CPU\" \"OS\"", false },
        { "SRV", "1 2 3 Sip.Example.", true },
        { "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" _Sip._Udp.Example.", true },
        { "CAA", "0 issue \"Ca.Example\"", false },
        { "SSHFP", "1 1 DEADBEEFDEADBEEFDEADBEEFDEADBEEFDEADBEEF", false },
        { "SMIMEA", "3 0 1 0123456789ABCDEF", false },
        { "SVCB", "1 Svc.Example. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1", false },
        { "HTTPS", "0 Alias.Example.", false },
        { "OPENPGPKEY", "AQIDBAUGBwg=", false },
        { "URI", "10 1 \"https://Example.com/\"", false },
        { "RP", "Admin.Example. Info.Example.", true },
        { "AFSDB", "1 Afs.Example.", true },
        { "KX", "10 Kx.Example.", true },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_GivesTypedData_AndToStringParsesBackEqual(string type, string text, bool lowercased)
    {
        _ = lowercased;
        Rdata data = ParseData(type, text);
        Assert.IsNotType<UnknownRdata>(data);
        Assert.Equal(type, data.Type.ToText());
        Rdata again = ParseData(type, data.ToString());
        Assert.Equal(data.ToWire(), again.ToWire());
        Assert.Equal(data.ToString(), again.ToString());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void MessageAndGenericForms_RoundTrip(string type, string text, bool lowercased)
    {
        _ = lowercased;
        Rdata data = ParseData(type, text);
        // Compression matches suffixes case-insensitively, so a compressed name may come back in another case:
        // compare canonical forms (RFC 4034 §6.2), which is what equality does.
        Rdata fromMessage = MessageRoundTrip(data);
        Assert.Equal(data, fromMessage);
        Assert.Equal(data.ToString().ToLowerInvariant(), fromMessage.ToString().ToLowerInvariant());

        // RFC 3597 §5: the generic \# form of a known type parses to the same typed data.
        Rdata fromGeneric = ParseData(type, data.ToGenericText());
        Assert.Equal(data.GetType(), fromGeneric.GetType());
        Assert.Equal(data.ToWire(), fromGeneric.ToWire());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void CanonicalForm_LowercasesNamesOnlyForRfc4034Types(string type, string text, bool lowercased)
    {
        Rdata data = ParseData(type, text);
        byte[] canonical = data.CanonicalData.ToArray();
        if (lowercased)
        {
            Assert.NotEqual(data.ToWire(), canonical);
            Assert.Equal(ParseData(type, LowercaseNames(type, text)).ToWire(), canonical);
        }
        else
        {
            // Case is kept: SVCB/HTTPS targets, CAA values, TXT... (RFC 4034 §6.2 does not list these types).
            Assert.Equal(data.ToWire(), canonical);
        }

        // Equality is on canonical form: a differently-cased twin of a lowercased type is equal, of SVCB/HTTPS is not.
        Rdata twin = ParseData(type, LowercaseNames(type, text));
        if (lowercased)
        {
            Assert.Equal(data, twin);
        }
        else if (type is "SVCB" or "HTTPS")
        {
            Assert.NotEqual(data, twin);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TruncatedRdata_FailsOnlyWithFormatException(string type, string text, bool lowercased)
    {
        _ = lowercased;
        Rdata data = ParseData(type, text);
        byte[] wire = data.ToWire();
        for (int length = 0; length < wire.Length; length++)
        {
            AssertOnlyFormatErrors(() => DecodeRdata(data.Type, wire.AsSpan(0, length)));
        }

        // Truncation that cuts a fixed field, a name or a character-string must fail (OPENPGPKEY is all opaque octets).
        if (type != "OPENPGPKEY")
        {
            Assert.Throws<DnsFormatException>(() => DecodeRdata(data.Type, wire.AsSpan(0, Math.Min(1, wire.Length - 1))));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void RandomRdata_FailsOnlyWithFormatException(string type, string text, bool lowercased)
    {
        _ = (text, lowercased);
        Assert.True(RecordTypeText.TryParseType(type, out RecordType t));
        var random = new Random(type.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 3000; i++)
        {
            int length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            AssertOnlyFormatErrors(() => DecodeRdata(t, buffer.AsSpan(0, length)));
        }
    }

    // Every type with a name in its RDATA, with that name as {0}; compressed in messages? (RFC 3597 §4)
    public static TheoryData<string, string, bool> NameSamples => new()
    {
        { "CNAME", "{0}", true },
        { "DNAME", "{0}", false },
        { "SOA", "{0} {0} 1 2 3 4 5", true },
        { "PTR", "{0}", true },
        { "MX", "10 {0}", true },
        { "SRV", "1 2 3 {0}", false },
        { "NAPTR", "100 10 \"S\" \"SIP+D2U\" \"\" {0}", false },
        { "SVCB", "1 {0} port=443", false },
        { "HTTPS", "0 {0}", false },
        { "RP", "{0} {0}", false },
        { "AFSDB", "1 {0}", false },
        { "KX", "10 {0}", false },
    };

    [Theory]
    [MemberData(nameof(NameSamples))]
    public void MessageEncoding_CompressesOnlyRfc1035Types(string type, string format, bool compressed)
    {
        const string target = "target.example.";
        Rdata data = ParseData(type, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, target));
        var name = DomainName.Parse(target);
        var message = new DnsMessage
        {
            IsResponse = true,
            Questions = [new DnsQuestion(name, data.Type)],
            Answers = [new ResourceRecord(name, 300, data)],
        };
        byte[] wire = message.Encode();
        int occurrences = CountOccurrences(wire, name.WireForm);
        Assert.True(CountOccurrences(data.ToWire(), name.WireForm) > 0);

        // The question holds the name once; a compressed RDATA points at it, an uncompressed one repeats it.
        Assert.Equal(compressed, occurrences == 1);
        Assert.Equal(data.ToWire(), Assert.Single(DnsMessage.Decode(wire).Answers).Data.ToWire());
    }

    private static string LowercaseNames(string type, string text) =>
        type == "NAPTR" ? "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example." : text.ToLowerInvariant();
}
