using System.Net;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Wire;
using static DnsSecure.Tests.Records.RdataTestHelpers;

namespace DnsSecure.Tests.Records;

/// <summary>SVCB and HTTPS (RFC 9460), including the test vectors of RFC 9460 Appendix D.</summary>
public class SvcbRdataTests
{
    // RFC 9460 Appendix D.1 and D.2: presentation form and the expected RDATA in hex.
    [Theory]
    [InlineData("HTTPS", "0 foo.example.com.", "000003666f6f076578616d706c6503636f6d00")]
    [InlineData("SVCB", "1 .", "000100")]
    [InlineData("SVCB", "16 foo.example.com. port=53", "0010 03666f6f076578616d706c6503636f6d00 0003 0002 0035")]
    [InlineData("SVCB", "1 foo.example.com. key667=hello", "0001 03666f6f076578616d706c6503636f6d00 029b 0005 68656c6c6f")]
    [InlineData("SVCB", "1 foo.example.com. key667=\"hello\\210qoo\"", "0001 03666f6f076578616d706c6503636f6d00 029b 0009 68656c6c6fd2716f6f")]
    [InlineData("SVCB", "1 foo.example.com. ipv6hint=\"2001:db8::1,2001:db8::53:1\"",
        "0001 03666f6f076578616d706c6503636f6d00 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001")]
    [InlineData("SVCB", "1 example.com. ipv6hint=\"2001:db8:122:344::192.0.2.33\"",
        "0001 076578616d706c6503636f6d00 0006 0010 20010db80122034400000000c0000221")]
    [InlineData("SVCB", "16 foo.example.org. (alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1)",
        "0010 03666f6f076578616d706c65036f726700 0000 0004 00010004 0001 0009 026832 0568332d3139 0004 0004 c0000201")]
    [InlineData("SVCB", "16 foo.example.org. alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
        "0010 03666f6f076578616d706c65036f726700 0001 000c 08665c6f6f2c626172 026832")]
    [InlineData("SVCB", "16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2",
        "0010 03666f6f076578616d706c65036f726700 0001 000c 08665c6f6f2c626172 026832")]
    public void Rfc9460AppendixD_PresentationGivesExpectedWire(string type, string text, string hex)
    {
        Rdata data = ParseData(type, text);
        Assert.Equal(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), data.ToWire());
        Assert.Equal(data.ToWire(), ParseData(type, data.ToString()).ToWire());
        Assert.Equal(data.ToWire(), MessageRoundTrip(data).ToWire());
    }

    // RFC 9460 Appendix D.3: failure cases, and more from §2.1, §7 and §8.
    [Theory]
    [InlineData("1 foo.example.com. (key123=abc key123=def)")]
    [InlineData("1 foo.example.com. mandatory")]
    [InlineData("1 foo.example.com. alpn")]
    [InlineData("1 foo.example.com. port")]
    [InlineData("1 foo.example.com. ipv4hint")]
    [InlineData("1 foo.example.com. ipv6hint")]
    [InlineData("1 foo.example.com. no-default-alpn=abc")]
    [InlineData("1 foo.example.com. mandatory=key123")]
    [InlineData("1 foo.example.com. (mandatory=mandatory alpn=h2)")]
    [InlineData("1 foo.example.com. ipv6hint=::ffff:198.51.100.100")]
    [InlineData("1 foo.example.com. no-default-alpn")]
    [InlineData("1 foo.example.com. alpn=h2,,h3")]
    [InlineData("1 foo.example.com. alpn=h2\\\\x")]
    [InlineData("1 foo.example.com. port=65536")]
    [InlineData("1 foo.example.com. port=-1")]
    [InlineData("1 foo.example.com. ipv4hint=192.0.2")]
    [InlineData("1 foo.example.com. ipv4hint=2001:db8::1")]
    [InlineData("1 foo.example.com. ipv6hint=192.0.2.1")]
    [InlineData("1 foo.example.com. ipv6hint=fe80::1%1")]
    [InlineData("1 foo.example.com. key65535=x")]
    [InlineData("1 foo.example.com. key0667=x")]
    [InlineData("1 foo.example.com. unknownkey=x")]
    [InlineData("1 foo.example.com. ech=not*base64")]
    [InlineData("1 foo.example.com. (alpn=h2 alpn=h3)")]
    [InlineData("1 foo.example.com. key3=1")]
    [InlineData("1 foo.example.com. \"alpn=h2\"")]
    [InlineData("65536 foo.example.com.")]
    [InlineData("1")]
    public void Parse_Malformed_IsFormatError(string text) =>
        Assert.Throws<DnsFormatException>(() => ParseData("SVCB", text));

    [Theory]
    [InlineData("0001 00 0003 0002 0035 0001 0003 026832")]       // keys not increasing
    [InlineData("0001 00 0003 0002 0035 0003 0002 0036")]         // duplicate key
    [InlineData("0001 00 0000 0004 00040001")]                    // mandatory keys not increasing
    [InlineData("0001 00 0000 0002 0000")]                        // mandatory lists itself
    [InlineData("0001 00 0000 0000")]                             // empty mandatory
    [InlineData("0001 00 0000 0003 000100")]                      // odd mandatory length
    [InlineData("0001 00 0001 0000")]                             // empty alpn
    [InlineData("0001 00 0001 0003 026832 00")]                   // alpn-id of zero length (and value length mismatch)
    [InlineData("0001 00 0001 0004 02683200")]                    // empty alpn-id
    [InlineData("0001 00 0002 0001 00")]                          // no-default-alpn with a value
    [InlineData("0001 00 0003 0001 00")]                          // port of 1 octet
    [InlineData("0001 00 0004 0003 c00002")]                      // ipv4hint not a multiple of 4
    [InlineData("0001 00 0004 0000")]                             // empty ipv4hint
    [InlineData("0001 00 0006 0004 20010db8")]                    // ipv6hint not a multiple of 16
    [InlineData("0001 00 0003 0002 00")]                          // value runs past RDATA
    [InlineData("0001 c00c")]                                     // compressed target
    [InlineData("0001")]                                          // no target
    public void Decode_MalformedWire_IsFormatError(string hex) =>
        Assert.Throws<DnsFormatException>(() => DecodeRdata(RecordType.SVCB, Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));

    [Fact]
    public void Decode_CompressedTargetInMessage_IsFormatError()
    {
        // RFC 9460 §2.2: the TargetName is uncompressed; a pointer (to the question name) is malformed.
        byte[] message = RawResponse("svc.example.", RecordType.HTTPS, [0, 1, 0xC0, 0x0C]);
        Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(message));
    }

    [Fact]
    public void TypedParameters_AreExposed()
    {
        var svcb = Assert.IsType<SvcbRdata>(ParseData("SVCB",
            "1 svc.example. mandatory=alpn alpn=h2,h3 no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=AQID ipv6hint=2001:db8::1 key9999=\"x y\""));
        Assert.False(svcb.IsAliasMode);
        Assert.Equal(new[] { SvcParamKey.Alpn }, svcb.GetParameter<MandatorySvcParam>()!.Keys.ToArray());
        Assert.Equal(["h2", "h3"], svcb.GetParameter<AlpnSvcParam>()!.ProtocolNames);
        Assert.NotNull(svcb.GetParameter<NoDefaultAlpnSvcParam>());
        Assert.Equal(8443, svcb.GetParameter<PortSvcParam>()!.Port);
        Assert.Equal(new[] { IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.2") }, svcb.GetParameter<Ipv4HintSvcParam>()!.Addresses.ToArray());
        Assert.Equal([1, 2, 3], svcb.GetParameter<EchSvcParam>()!.EchConfigList.ToArray());
        Assert.Equal(new[] { IPAddress.Parse("2001:db8::1") }, svcb.GetParameter<Ipv6HintSvcParam>()!.Addresses.ToArray());
        var unknown = Assert.IsType<UnknownSvcParam>(svcb.GetParameter((SvcParamKey)9999));
        Assert.Equal("x y"u8.ToArray(), unknown.Value.ToArray());
        Assert.Equal(
            "1 svc.example. mandatory=alpn alpn=\"h2,h3\" no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 ech=AQID ipv6hint=2001:db8::1 key9999=\"x y\"",
            svcb.ToString());
    }

    [Fact]
    public void Parse_KeysInAnyOrder_AreSortedOnTheWire()
    {
        Rdata a = ParseData("SVCB", "1 . port=1 alpn=h2 mandatory=port,alpn");
        Rdata b = ParseData("SVCB", "1 . mandatory=alpn,port alpn=h2 port=1");
        Assert.Equal(a.ToWire(), b.ToWire());
        Assert.Equal("1 . mandatory=alpn,port alpn=\"h2\" port=1", a.ToString());
    }

    [Fact]
    public void GenericKeyForm_OfATypedKey_IsItsWireValue()
    {
        // RFC 9460 §2.1: key3 takes the wire form of the value, and the result is the typed parameter.
        var svcb = Assert.IsType<SvcbRdata>(ParseData("SVCB", "1 . key3=\\000\\053"));
        Assert.Equal(53, svcb.GetParameter<PortSvcParam>()!.Port);
        Assert.Equal("1 . port=53", svcb.ToString());
    }

    [Fact]
    public void AlpnWithCommaAndBackslash_PrintsAndParsesBack()
    {
        var alpn = new AlpnSvcParam("a,b", "c\\d", "h2");
        var svcb = new SvcbRdata(1, DomainName.Root, [alpn]);
        Assert.Equal("1 . alpn=\"a\\\\,b,c\\\\\\\\d,h2\"", svcb.ToString());
        Assert.Equal(svcb, ParseData("SVCB", svcb.ToString()));
    }

    [Fact]
    public void TargetName_IsNeitherCompressedNorLowercased()
    {
        var target = DomainName.Parse("Svc.Example.");
        var https = new HttpsRdata(1, target, [new PortSvcParam(443)]);
        Assert.Equal(https.ToWire(), https.CanonicalData.ToArray());
        var message = new DnsMessage
        {
            IsResponse = true,
            Questions = [new DnsQuestion(target, RecordType.HTTPS)],
            Answers = [new ResourceRecord(target, 60, https)],
        };
        byte[] wire = message.Encode();
        Assert.Equal(2, CountOccurrences(wire, target.WireForm));
        Assert.Equal("Svc.Example.", Assert.IsType<HttpsRdata>(Assert.Single(DnsMessage.Decode(wire).Answers).Data).TargetName.ToString());
    }

    [Fact]
    public void Create_DuplicateKeys_Throws() =>
        Assert.Throws<ArgumentException>(() => new SvcbRdata(1, DomainName.Root, [new PortSvcParam(1), new PortSvcParam(2)]));

    [Fact]
    public void AliasMode_IsPriorityZero()
    {
        var alias = Assert.IsType<HttpsRdata>(ParseData("HTTPS", "0 pool.example."));
        Assert.True(alias.IsAliasMode);
        Assert.Empty(alias.Parameters);
    }
}
