using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Cryptography;
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
    public void Evaluate_PkixFallbackAfterARuntimeChainUnderThisPolicy_IsDecidedByOrdinaryPkix()
    {
        // Dane.Http gives every connection of an endpoint this policy. Without usable TLSA an opportunistic client falls back
        // to PKIX, which the runtime's chain (no trust store, so always "chain errors") cannot decide: the check builds the
        // chain itself, against the caller's trust store here (the system's when none is given).
        (X509Certificate2 ca, X509Certificate2 leaf) = TestCertificates.Issued("www.example");
        using (ca)
        using (leaf)
        {
            DaneTarget target = Fallback();
            using X509Chain runtime = RuntimeChain(leaf);
            var trusting = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [ca] };

            DaneConnectionResult accepted = DaneServerCertificateCheck.Evaluate(target, trusting, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors, runtimeChainTrustsNothing: true);

            Assert.True(accepted.IsAccepted);
            Assert.False(accepted.IsAuthenticatedByDane);

            // A private CA the system does not trust, and no store given: ordinary PKIX refuses.
            Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
                target, trusting with { PkixTrustStore = [] }, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors, runtimeChainTrustsNothing: true));

            // A name mismatch is never cured by building the chain again.
            Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
                target, trusting, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, runtimeChainTrustsNothing: true));
        }
    }

    [Fact]
    public void Evaluate_PkixFallbackWithALeafNotForServerAuthentication_IsRefused()
    {
        // RFC 5280 §4.2.1.12: a leaf whose extended key usage is client authentication only is no TLS server certificate,
        // whichever store trusts its issuer; the chain built for the fallback requires serverAuth, as SslStream's does.
        using X509Certificate2 ca = TestCertificates.CreateCa("CN=Eku Root");
        using X509Certificate2 clientOnly = IssueClientAuthOnly("www.example", ca);
        using X509Chain runtime = RuntimeChain(clientOnly);
        var trusting = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [ca] };

        Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
            Fallback(), trusting, clientOnly, runtime, SslPolicyErrors.RemoteCertificateChainErrors, runtimeChainTrustsNothing: true));
    }

    [Fact]
    public void Evaluate_PublicOverload_ACallersTrustNothingPolicyKeepsItsMeaning()
    {
        // A caller's own SslStream may use the same settings to mean "trust no PKIX root": only the code that set
        // DaneChainPolicy itself may ask for a PKIX chain of its own, so the public overload refuses the fallback here
        // (chain errors, and no trust store of the caller's to cure them).
        using X509Certificate2 leaf = TestCertificates.SelfSigned("www.example");
        using X509Chain runtime = RuntimeChain(leaf);

        Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
            Fallback(), new DaneTlsOptions { Policy = DanePolicy.Opportunistic }, leaf, runtime, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    private static DaneTarget Fallback() => Target(DnssecStatus.Insecure) with { Tlsa = new TlsaLookupResult(TlsaLookupOutcome.Insecure, []) };

    private static X509Chain RuntimeChain(X509Certificate2 leaf)
    {
        // What SslStream's callback receives: the chain built under the connection's policy (serverAuth required, as
        // SslStream adds), the server's certificates in the extra store.
        var chain = new X509Chain { ChainPolicy = DaneChainPolicy.Create() };
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.ExtraStore.Add(leaf);
        Assert.False(chain.Build(leaf));
        return chain;
    }

    private static X509Certificate2 IssueClientAuthOnly(string dnsName, X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using ECDsa issuerKey = issuer.GetECDsaPrivateKey()!;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
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
