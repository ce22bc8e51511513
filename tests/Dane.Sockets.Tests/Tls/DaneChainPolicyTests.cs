using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Tests.Tls;

/// <summary>When the runtime's chain build is told to use no trust store, no downloads and no revocation checks.</summary>
public sealed class DaneChainPolicyTests
{
    [Fact]
    public void AppliesTo_SecureUsableDaneTaAndDaneEe_IsTrue()
    {
        var tlsa = new TlsaLookupResult(TlsaLookupOutcome.SecureUsable, [Record(TlsaCertificateUsage.DaneTa), Record(TlsaCertificateUsage.DaneEe)]);

        Assert.True(DaneChainPolicy.AppliesTo(tlsa));
    }

    [Theory]
    [InlineData(TlsaCertificateUsage.PkixTa)]
    [InlineData(TlsaCertificateUsage.PkixEe)]
    public void AppliesTo_APkixUsageInTheSet_IsFalse(TlsaCertificateUsage pkix)
    {
        // PKIX-TA/PKIX-EE need a PKIX-valid path: the runtime's system-trust chain stays as it was.
        var tlsa = new TlsaLookupResult(TlsaLookupOutcome.SecureUsable, [Record(TlsaCertificateUsage.DaneTa), Record(pkix)]);

        Assert.False(DaneChainPolicy.AppliesTo(tlsa));
    }

    [Theory]
    [InlineData(TlsaLookupOutcome.SecureAllUnusable)]
    [InlineData(TlsaLookupOutcome.SecureAbsent)]
    [InlineData(TlsaLookupOutcome.Insecure)]
    [InlineData(TlsaLookupOutcome.Bogus)]
    [InlineData(TlsaLookupOutcome.Indeterminate)]
    public void AppliesTo_NotSecureUsable_IsFalse(TlsaLookupOutcome outcome)
    {
        // Without a usable secure RRset an opportunistic client falls back to ordinary PKIX, which needs the system trust.
        var tlsa = new TlsaLookupResult(outcome, [Record(TlsaCertificateUsage.DaneEe)]);

        Assert.False(DaneChainPolicy.AppliesTo(tlsa));
    }

    [Fact]
    public void AppliesTo_RequireSecureAddressesWithInsecureAddresses_IsFalse()
    {
        // RFC 7672 §2.2.2: the TLSA RRset does not apply, so PKIX (and its system trust) may decide.
        DaneTarget target = Target(DnssecStatus.Insecure, Record(TlsaCertificateUsage.DaneEe));
        var options = new DaneTlsOptions { RequireSecureAddresses = true, Policy = DanePolicy.Opportunistic };

        TlsaLookupResult effective = DaneServerCertificateCheck.EffectiveTlsa(target, options);

        Assert.Equal(TlsaLookupOutcome.Insecure, effective.Outcome);
        Assert.False(DaneChainPolicy.AppliesTo(effective));
        Assert.True(DaneChainPolicy.AppliesTo(DaneServerCertificateCheck.EffectiveTlsa(target, options with { RequireSecureAddresses = false })));
    }

    [Fact]
    public void Create_TrustsNothingDownloadsNothingChecksNoRevocation()
    {
        X509ChainPolicy policy = DaneChainPolicy.Create();

        Assert.Equal(X509ChainTrustMode.CustomRootTrust, policy.TrustMode);
        Assert.Empty(policy.CustomTrustStore);
        Assert.True(policy.DisableCertificateDownloads);
        Assert.Equal(X509RevocationMode.NoCheck, policy.RevocationMode);
        Assert.NotSame(policy, DaneChainPolicy.Create());
    }

    private static TlsaRdata Record(TlsaCertificateUsage usage) =>
        new(usage, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

    private static DaneTarget Target(DnssecStatus addressStatus, params TlsaRdata[] records) => new()
    {
        Host = DomainName.Parse("www.example."),
        Port = 443,
        TlsaBaseDomain = DomainName.Parse("www.example."),
        Tlsa = new TlsaLookupResult(TlsaLookupOutcome.SecureUsable, [.. records]),
        AddressStatus = addressStatus,
        Addresses = ImmutableArray<System.Net.IPAddress>.Empty,
    };
}
