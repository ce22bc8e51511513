using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public sealed class DsDigestTests
{
    // RFC 4034 §5.4 and RFC 4509 §2.3: dskey.example.com. DNSKEY 256 3 5 (key id 60485).
    internal static readonly byte[] Rfc4034DskeyRdata = RawSigningInput.Dnskey(256, DnssecAlgorithm.RsaSha1,
        "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==");

    [Fact]
    public void Compute_Rfc4034Sha1Example_MatchesDs()
    {
        byte[]? digest = DsDigest.Compute(DigestType.Sha1, DomainName.Parse("dskey.example.com."), Rfc4034DskeyRdata);

        Assert.Equal("2BB183AF5F22588179A53B0A98631FAD1A292118", Convert.ToHexString(digest!));
    }

    [Fact]
    public void Compute_Rfc4509Sha256Example_MatchesDs()
    {
        byte[]? digest = DsDigest.Compute(DigestType.Sha256, DomainName.Parse("dskey.example.com."), Rfc4034DskeyRdata);

        Assert.Equal("D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A", Convert.ToHexString(digest!));
    }

    [Fact]
    public void Compute_UppercaseOwner_IsLowercasedFirst()
    {
        // RFC 4034 §5.1.4: the owner name is in canonical form.
        byte[]? digest = DsDigest.Compute(DigestType.Sha256, DomainName.Parse("DSKEY.Example.COM."), Rfc4034DskeyRdata);

        Assert.Equal("D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A", Convert.ToHexString(digest!));
    }

    [Theory]
    // RFC 6605 §6.1 and §6.2.
    [InlineData("example.net.", 257, DnssecAlgorithm.EcdsaP256Sha256, "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
        DigestType.Sha256, "b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17")]
    [InlineData("example.net.", 257, DnssecAlgorithm.EcdsaP384Sha384, "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
        DigestType.Sha384, "72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6")]
    // RFC 8080 §6.
    [InlineData("example.com.", 257, DnssecAlgorithm.Ed25519, "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
        DigestType.Sha256, "3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b")]
    [InlineData("example.com.", 257, DnssecAlgorithm.Ed448, "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA",
        DigestType.Sha256, "6ccf18d5bc5d7fc2fceb1d59d17321402f2aa8d368048db93dd811f5cb2b19c7")]
    public void Compute_RfcExample_MatchesDs(string owner, ushort flags, DnssecAlgorithm algorithm, string key, DigestType digestType, string expected)
    {
        byte[] rdata = RawSigningInput.Dnskey(flags, algorithm, key);

        byte[]? digest = DsDigest.Compute(digestType, DomainName.Parse(owner), rdata);

        Assert.Equal(expected, Convert.ToHexString(digest!), ignoreCase: true);
        Assert.True(DsDigest.Matches(digestType, DomainName.Parse(owner), rdata, Convert.FromHexString(expected)));
    }

    [Fact]
    public void Matches_DigestWithOneBitChanged_IsFalse()
    {
        byte[] digest = Convert.FromHexString("D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A");
        digest[^1] ^= 1;

        Assert.False(DsDigest.Matches(DigestType.Sha256, DomainName.Parse("dskey.example.com."), Rfc4034DskeyRdata, digest));
    }

    [Theory]
    [InlineData(DigestType.Gost94)]
    [InlineData((DigestType)0)]
    [InlineData((DigestType)5)]
    public void Compute_UnsupportedDigestType_IsNull(DigestType digestType)
    {
        Assert.Null(DsDigest.Compute(digestType, DomainName.Parse("dskey.example.com."), Rfc4034DskeyRdata));
        Assert.False(DsDigest.IsSupported(digestType));
    }

    [Fact]
    public void TryCompute_DestinationTooSmall_IsFalse()
    {
        Assert.False(DsDigest.TryCompute(DigestType.Sha384, DomainName.Root, Rfc4034DskeyRdata, new byte[32], out int written));
        Assert.Equal(0, written);
    }
}
