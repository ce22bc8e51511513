using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Policy;
using DaneSockets.Tests.Support;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Testing.Server;

namespace DaneSockets.Tests.Tlsa;

/// <summary>TLSA and address lookups through the validating resolver against a private signed tree (RFC 6698, RFC 7671 §7).</summary>
public sealed class DaneTargetResolverTests
{
    private const int Port = 443;
    private static readonly string UnusableDigest = new('a', 64);

    [Fact]
    public async Task Resolve_SignedTlsa_IsSecureUsableWithSecureAddresses()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(Port, cert, "www"));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.SecureUsable, target.Tlsa.Outcome);
        Assert.Single(target.Tlsa.Records);
        Assert.Equal(DomainName.Parse("www.example."), target.TlsaBaseDomain);
        Assert.Equal(["www.example"], target.ReferenceNames.ToArray());
        Assert.Equal(DnssecStatus.Secure, target.AddressStatus);
        Assert.Equal([IPAddress.Loopback], target.Addresses.ToArray());
        Assert.Null(target.TlsaFailure);
        Assert.True(target.TlsaTtl > TimeSpan.Zero);
    }

    [Fact]
    public async Task Resolve_OnlyUnknownUsageAndSelector_IsSecureAllUnusable()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithAddress(IPAddress.Loopback, "www")
            .WithRecord($"_443._tcp.www IN TLSA 4 1 1 {UnusableDigest}")
            .WithRecord($"_443._tcp.www IN TLSA 3 9 1 {UnusableDigest}"));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.SecureAllUnusable, target.Tlsa.Outcome);
    }

    [Fact]
    public async Task Resolve_NoTlsaName_IsSecureAbsentByNxDomain()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithAddress(IPAddress.Loopback, "www"));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.SecureAbsent, target.Tlsa.Outcome);
        Assert.Equal(DnssecStatus.Secure, target.AddressStatus);
    }

    [Fact]
    public async Task Resolve_TlsaNameWithOtherTypeOnly_IsSecureAbsentByNoData()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithAddress(IPAddress.Loopback, "www")
            .WithRecord("_443._tcp.www IN TXT \"not a tlsa record\""));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.SecureAbsent, target.Tlsa.Outcome);
    }

    [Fact]
    public async Task Resolve_TlsaNameWithOtherTypeOnly_Nsec3_IsSecureAbsent()
    {
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithNsec3()
            .WithAddress(IPAddress.Loopback, "www")
            .WithRecord("_443._tcp.www IN TXT \"not a tlsa record\""));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.SecureAbsent, target.Tlsa.Outcome);
    }

    [Fact]
    public async Task Resolve_UnsignedZone_IsInsecure()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").Unsigned().WithTlsa(Port, cert, "www"));

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.Insecure, target.Tlsa.Outcome);
        Assert.Empty(target.Tlsa.Records);
        Assert.Equal(DnssecStatus.Insecure, target.AddressStatus);
    }

    [Fact]
    public async Task Resolve_CorruptSignatures_IsBogusWithAFailure()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(Port, cert, "www"));
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.Bogus, target.Tlsa.Outcome);
        Assert.NotNull(target.TlsaFailure);
        Assert.Equal(DnssecStatus.Bogus, target.AddressStatus);
    }

    [Fact]
    public async Task Resolve_TlsaServerDoesNotAnswer_IsIndeterminateNotAbsent()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using SignedDns dns = await SignedDns.CreateAsync(
            b => b.AddZone("example.").WithTlsa(Port, cert, "www"),
            // One attempt, so the unanswered TLSA query ends soon; long enough that the answered A/AAAA queries never time
            // out while the rest of the suite runs in parallel on a busy machine.
            o => { o.Timeout = TimeSpan.FromSeconds(1); o.Attempts = 1; });
        dns.Hierarchy.Server.Faults.AddForName(DomainName.Parse("_443._tcp.www.example."), Fault.NoAnswer, RecordType.TLSA);

        DaneTarget target = await dns.Targets.ResolveAsync("www.example", Port);

        Assert.Equal(TlsaLookupOutcome.Indeterminate, target.Tlsa.Outcome);
        Assert.Equal(DnssecStatus.Secure, target.AddressStatus);
    }

    [Fact]
    public async Task Resolve_SecureCnameToNameWithTlsa_UsesTheExpandedNameAndBothReferenceNames()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("www.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithTlsa(Port, cert, "www")
            .WithRecord("alias IN CNAME www"));

        DaneTarget target = await dns.Targets.ResolveAsync("alias.example", Port);

        // RFC 7671 §7: the CNAME-expanded name is the TLSA base domain; both names are reference identifiers.
        Assert.Equal(DomainName.Parse("www.example."), target.TlsaBaseDomain);
        Assert.Equal(DomainName.Parse("_443._tcp.www.example."), target.TlsaOwner);
        Assert.Equal(TlsaLookupOutcome.SecureUsable, target.Tlsa.Outcome);
        Assert.Equal(["www.example", "alias.example"], target.ReferenceNames.ToArray());
        Assert.Equal([IPAddress.Loopback], target.Addresses.ToArray());
    }

    [Fact]
    public async Task Resolve_SecureCnameWhoseTargetHasNoTlsa_FallsBackToTheOriginalName()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("alias.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithAddress(IPAddress.Loopback, "www")
            .WithRecord("alias IN CNAME www")
            .WithRecord($"_443._tcp.alias IN TLSA 3 1 1 {Spki256(cert)}"));

        DaneTarget target = await dns.Targets.ResolveAsync("alias.example", Port);

        Assert.Equal(DomainName.Parse("alias.example."), target.TlsaBaseDomain);
        Assert.Equal(TlsaLookupOutcome.SecureUsable, target.Tlsa.Outcome);
        Assert.Equal(["alias.example"], target.ReferenceNames.ToArray());
    }

    [Fact]
    public async Task Resolve_CnameIntoUnsignedZone_UsesOnlyTheOriginalName()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("alias.example");
        using X509Certificate2 other = TestCertificates.SelfSigned("www.insecure.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.")
                .WithRecord("alias IN CNAME www.insecure.example.")
                .WithRecord($"_443._tcp.alias IN TLSA 3 1 1 {Spki256(cert)}");
            b.AddZone("insecure.example.").Unsigned().WithTlsa(Port, other, "www");
        });

        DaneTarget target = await dns.Targets.ResolveAsync("alias.example", Port);

        // RFC 7671 §7: an insecure chain is not followed for TLSA; only the original name counts.
        Assert.Equal(DomainName.Parse("alias.example."), target.TlsaBaseDomain);
        Assert.Equal(["alias.example"], target.ReferenceNames.ToArray());
        Assert.Equal(TlsaLookupOutcome.SecureUsable, target.Tlsa.Outcome);
        Assert.True(target.AddressStatus == DnssecStatus.Insecure, $"{target.AddressStatus} {target.AddressFailure}");
        Assert.Equal(0, dns.Hierarchy.Server.Queries.Count(DomainName.Parse("_443._tcp.www.insecure.example."), RecordType.TLSA));
    }

    [Fact]
    public async Task Check_RequireSecureAddressesWithInsecureAddresses_TreatsSecureTlsaAsInsecure()
    {
        using X509Certificate2 cert = TestCertificates.SelfSigned("alias.example");
        await using SignedDns dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.")
                .WithRecord("alias IN CNAME www.insecure.example.")
                .WithRecord($"_443._tcp.alias IN TLSA 3 1 1 {Spki256(cert)}");
            b.AddZone("insecure.example.").Unsigned().WithAddress(IPAddress.Loopback, "www");
        });
        DaneTarget target = await dns.Targets.ResolveAsync("alias.example", Port);

        Assert.True(target.AddressStatus == DnssecStatus.Insecure, $"{target.AddressStatus} {target.AddressFailure}");
        DaneConnectionResult lenient = DaneServerCertificateCheck.Evaluate(target, new DaneTlsOptions(), cert, null, SslPolicyErrors.None);
        var strict = Assert.Throws<DaneAuthenticationException>(() => DaneServerCertificateCheck.Evaluate(
            target, new DaneTlsOptions { RequireSecureAddresses = true }, cert, null, SslPolicyErrors.None));

        Assert.True(lenient.IsAuthenticatedByDane);
        // RFC 7672 §2.2.2: TLSA for a host whose addresses are insecure is treated as absent.
        Assert.Equal(TlsaLookupOutcome.Insecure, strict.Result!.Decision.Lookup);
        Assert.Equal(DaneDecision.Reject, strict.Result.Decision.Decision);
    }

    private static string Spki256(X509Certificate2 cert) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
}
