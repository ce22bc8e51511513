using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DaneTesting;

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

    [Fact]
    public void MadeThis_ItsOwnPolicyOnly()
    {
        Assert.True(DaneChainPolicy.MadeThis(DaneChainPolicy.Create()));
        Assert.False(DaneChainPolicy.MadeThis(new X509ChainPolicy()));
        X509ChainPolicy trusting = DaneChainPolicy.Create();
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Some Root");
        trusting.CustomTrustStore.Add(root);
        Assert.False(DaneChainPolicy.MadeThis(trusting));
    }

    [Fact]
    public void Evaluate_PkixFallbackAfterARuntimeChainUnderThisPolicy_IsDecidedByOrdinaryPkix()
    {
        // Dane.Http gives every connection of an endpoint this policy. Without usable TLSA an opportunistic client falls back
        // to PKIX, which the runtime's chain (no trust store, so always "chain errors") cannot decide: the check builds the
        // chain itself, against the caller's trust store here (the system's when none is given).
        (X509Certificate2 ca, X509Certificate2 leaf) = TestCertificates.Issued("www.example");
        using (ca)
        using (leaf)
        {
            DaneTarget target = Target(DnssecStatus.Insecure) with { Tlsa = new TlsaLookupResult(TlsaLookupOutcome.Insecure, []) };
            using X509Chain runtime = RuntimeChain(leaf);
            var trusting = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [ca] };

            DaneConnectionResult accepted = DaneServerCertificateCheck.Evaluate(target, trusting, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors);

            Assert.True(accepted.IsAccepted);
            Assert.False(accepted.IsAuthenticatedByDane);

            // A private CA the system does not trust, and no store given: ordinary PKIX refuses.
            Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
                target, trusting with { PkixTrustStore = [] }, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors));

            // A name mismatch is never cured by building the chain again.
            Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
                target, trusting, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        }
    }

    private static X509Chain RuntimeChain(X509Certificate2 leaf)
    {
        // What SslStream's callback receives: the chain built under the connection's policy, the server's certificates in
        // the extra store.
        var chain = new X509Chain { ChainPolicy = DaneChainPolicy.Create() };
        chain.ChainPolicy.ExtraStore.Add(leaf);
        Assert.False(chain.Build(leaf));
        return chain;
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
