using System.Globalization;
using System.Text;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Resolution;
using DnsSecure.Tests.Resolution;

namespace DnsSecure.Tests.Dnssec.TrustAnchors;

/// <summary>RFC 8509 root key trust anchor sentinel.</summary>
public sealed class RootKeySentinelTests : IDisposable
{
    private readonly ScriptedZone _root = new();

    public void Dispose() => _root.Dispose();

    private string Tag => _root.KeyTag.ToString("D5", CultureInfo.InvariantCulture);

    private string OtherTag => ((ushort)(_root.KeyTag + 1)).ToString("D5", CultureInfo.InvariantCulture);

    private async Task<ValidatedLookup> Resolve(string name, RecordType type = RecordType.A, bool sentinel = true)
    {
        string rdata = type == RecordType.A ? "A 192.0.2.1" : type == RecordType.AAAA ? "AAAA 2001:db8::1" : "TXT \"t\"";
        _root.Respond(name, type, _root.Signed($"{name} 60 IN {rdata}"));
        return await _root.Resolver(new ValidatingResolverOptions { RootKeySentinel = sentinel }).ResolveAsync(name, type);
    }

    [Theory]
    [InlineData("root-key-sentinel-is-ta-12345", true, 12345)]
    [InlineData("ROOT-KEY-SENTINEL-NOT-TA-00042", false, 42)]
    public void TryParse_SentinelLabel_ReadsKindAndKeyTag(string label, bool isTa, int keyTag)
    {
        Assert.True(RootKeySentinel.TryParse(Encoding.ASCII.GetBytes(label), out bool parsedIsTa, out ushort parsedTag));
        Assert.Equal(isTa, parsedIsTa);
        Assert.Equal(keyTag, parsedTag);
    }

    [Theory]
    [InlineData("root-key-sentinel-is-ta-1234")]
    [InlineData("root-key-sentinel-is-ta-123456")]
    [InlineData("root-key-sentinel-is-ta-99999")]
    [InlineData("root-key-sentinel-is-ta-1234a")]
    [InlineData("xroot-key-sentinel-is-ta-12345")]
    public void TryParse_NotExactlyFiveDigitsOrOtherPrefix_IsNotASentinel(string label) =>
        Assert.False(RootKeySentinel.TryParse(Encoding.ASCII.GetBytes(label), out _, out _));

    [Fact]
    public async Task Resolve_IsTaWithAnchorKeyTag_IsSecure()
    {
        ValidatedLookup result = await Resolve($"root-key-sentinel-is-ta-{Tag}.test.");
        Assert.Equal(DnssecStatus.Secure, result.Status);
    }

    [Fact]
    public async Task Resolve_IsTaWithOtherKeyTag_IsBogus()
    {
        ValidatedLookup result = await Resolve($"root-key-sentinel-is-ta-{OtherTag}.test.", RecordType.AAAA);
        Assert.Equal(DnssecStatus.Bogus, result.Status);
        Assert.Contains("RFC 8509", result.Failure!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_NotTaWithAnchorKeyTag_IsBogus()
    {
        ValidatedLookup result = await Resolve($"root-key-sentinel-not-ta-{Tag}.test.");
        Assert.Equal(DnssecStatus.Bogus, result.Status);
    }

    [Fact]
    public async Task Resolve_NotTaWithOtherKeyTag_IsSecure()
    {
        ValidatedLookup result = await Resolve($"root-key-sentinel-not-ta-{OtherTag}.test.");
        Assert.Equal(DnssecStatus.Secure, result.Status);
    }

    [Fact]
    public async Task Resolve_SentinelForOtherType_IsUnaffected()
    {
        // RFC 8509 §3.2: only A and AAAA.
        ValidatedLookup result = await Resolve($"root-key-sentinel-not-ta-{Tag}.test.", RecordType.TXT);
        Assert.Equal(DnssecStatus.Secure, result.Status);
    }

    [Fact]
    public async Task Resolve_SentinelDisabled_IsSecure()
    {
        ValidatedLookup result = await Resolve($"root-key-sentinel-not-ta-{Tag}.test.", sentinel: false);
        Assert.Equal(DnssecStatus.Secure, result.Status);
    }

    [Fact]
    public async Task Resolve_InsecureSentinelAnswer_IsUnaffected()
    {
        // Only validated answers are subject to the sentinel; an unanchored name stays Insecure.
        _root.Respond($"root-key-sentinel-is-ta-{OtherTag}.test.", RecordType.A, ScriptedZone.Unsigned($"root-key-sentinel-is-ta-{OtherTag}.test. 60 IN A 192.0.2.1"));
        var resolver = _root.Resolver(anchors: TrustAnchorStore.Empty);
        ValidatedLookup result = await resolver.ResolveAsync($"root-key-sentinel-is-ta-{OtherTag}.test.", RecordType.A);
        Assert.Equal(DnssecStatus.Insecure, result.Status);
    }
}
