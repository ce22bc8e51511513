using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Tests.Interop;
using static DnsSecure.Testing.Tests.DnsTestClient;

namespace DnsSecure.Testing.Tests.Hierarchy;

public sealed class TestHierarchyTests
{
    [Fact]
    public async Task CreateAsync_ZoneWithTlsa_ServesSignedTlsaForTheCertificateAndAnAddress()
    {
        using X509Certificate2 certificate = SelfSigned();
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithTlsa(443, certificate));

        DnsMessage tlsa = await UdpAsync(h.EndPoint, Query("_443._tcp.example.", RecordType.TLSA, dnssecOk: true));
        DnsMessage address = await UdpAsync(h.EndPoint, Query("example.", RecordType.A));

        var data = (TlsaRdata)Assert.Single(tlsa.Answers, r => r.Type == RecordType.TLSA).Data;
        Assert.Equal(TlsaCertificateUsage.DaneEe, data.Usage);
        Assert.Equal(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()), data.CertificateAssociationData.ToArray());
        Assert.Contains(tlsa.Answers, r => r.Data is RrsigRdata { TypeCovered: RecordType.TLSA });
        Assert.Equal(IPAddress.Loopback, ((ARdata)Assert.Single(address.Answers).Data).Address);
    }

    [Fact]
    public async Task CreateAsync_RootDelegatesWithDsMatchingTheChildKey()
    {
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b => b.AddZone("example."));

        DnsMessage ds = await UdpAsync(h.EndPoint, Query("example.", RecordType.DS, dnssecOk: true));
        DnsMessage rootKeys = await UdpAsync(h.EndPoint, Query(".", RecordType.DNSKEY));

        var published = (DsRdata)Assert.Single(ds.Answers, r => r.Type == RecordType.DS).Data;
        Assert.Equal(h.SignedZones[DomainName.Parse("example.")].DsRecords[0].Data, published);
        Assert.Contains(rootKeys.Answers, r => r.Data.Equals(h.RootKey.Data));
        Assert.Equal(((DnskeyRdata)h.RootKey.Data).KeyTag, ((DsRdata)h.TrustAnchors[0].Data).KeyTag);
    }

    [Fact]
    public async Task TrustAnchorStore_HoldsTheRootDsAndValidatesTheTree()
    {
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithRecord("www.example. 300 IN A 192.0.2.1"));
        var stubOptions = new DnsSecure.Resolution.StubResolverOptions();
        stubOptions.Servers.Add(new DnsSecure.Transport.NameServer(h.EndPoint));
        await using var stub = new DnsSecure.Resolution.StubResolver(stubOptions);

        DnsSecure.Dnssec.TrustAnchors.TrustAnchor root = Assert.Single(h.TrustAnchorStore.Anchors);
        var lookup = await new DnsSecure.Resolution.ValidatingResolver(new DnsSecure.Dnssec.Chain.StubDataSource(stub), h.TrustAnchorStore)
            .ResolveAsync("www.example.", RecordType.A);

        Assert.Equal(DomainName.Root, root.Zone);
        Assert.Equal(h.TrustAnchors.Select(r => (DsRdata)r.Data), root.Ds);
        Assert.True(lookup.Status == DnsSecure.Dnssec.DnssecStatus.Secure, lookup.ToString());
    }

    [Fact]
    public async Task CreateAsync_ZoneBelowAnotherAddedZone_IsDelegatedFromIt()
    {
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b =>
        {
            b.AddZone("test.");
            b.AddZone("shop.test.").WithAddress(IPAddress.Parse("127.0.0.9"), "www");
        });
        h.Server.RemoveZone(DomainName.Parse("shop.test."));

        DnsMessage referral = await UdpAsync(h.EndPoint, Query("www.shop.test.", RecordType.A, dnssecOk: true));

        Assert.False(referral.AuthoritativeAnswer);
        Assert.Contains(referral.Authorities, r => r.Type == RecordType.DS && r.Name == DomainName.Parse("shop.test."));
        RrsigRdata sig = (RrsigRdata)Assert.Single(referral.Authorities, r => r.Data is RrsigRdata { TypeCovered: RecordType.DS }).Data;
        Assert.Equal(DomainName.Parse("test."), sig.SignerName);
    }

    [Fact]
    public async Task CreateAsync_NonLoopbackEndPoint_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => TestHierarchy.CreateAsync(b => b.EndPoint = new IPEndPoint(IPAddress.Any, 0)));
    }

    [Fact]
    public async Task Unbound_WithTheRootTrustAnchor_ValidatesTlsaAsSecureAndUnsignedZoneAsInsecure()
    {
        using X509Certificate2 certificate = SelfSigned();
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b =>
        {
            b.AddZone("example.").WithTlsa(443, certificate, host: "www").WithNsec3();
            b.AddZone("plain.").Unsigned().WithAddress(IPAddress.Parse("127.0.0.7"), "www");
        });
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(h.EndPoint, [DomainName.Root], h.TrustAnchors);

        DnsMessage tlsa = await RecursiveAsync(unbound, "_443._tcp.www.example.", RecordType.TLSA);
        DnsMessage missing = await RecursiveAsync(unbound, "nope.example.", RecordType.A);
        DnsMessage plain = await RecursiveAsync(unbound, "www.plain.", RecordType.A);

        Assert.True(tlsa.AuthenticData, unbound.Log);
        Assert.Single(tlsa.Answers, r => r.Type == RecordType.TLSA);
        Assert.Equal(ResponseCode.NXDomain, missing.ResponseCode);
        Assert.True(missing.AuthenticData, unbound.Log);
        Assert.Equal(ResponseCode.NoError, plain.ResponseCode);
        Assert.False(plain.AuthenticData);
        Assert.Single(plain.Answers, r => r.Type == RecordType.A);
    }

    [Fact]
    public async Task Unbound_CorruptedSignatureInHierarchy_IsBogus()
    {
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithAddress(IPAddress.Loopback, "www"));
        h.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(h.EndPoint, [DomainName.Root], h.TrustAnchors);

        DnsMessage response = await RecursiveAsync(unbound, "www.example.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
    }

    [Fact]
    public async Task Unbound_MismatchedDsSignedByTheParent_IsBogus()
    {
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b => b.AddZone("example.").WithAddress(IPAddress.Loopback, "www").WithMismatchedDs());
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(h.EndPoint, [DomainName.Root], h.TrustAnchors);

        DnsMessage direct = await UdpAsync(h.EndPoint, Query("example.", RecordType.DS));
        DnsMessage response = await RecursiveAsync(unbound, "www.example.", RecordType.A);

        var published = (DsRdata)Assert.Single(direct.Answers).Data;
        Assert.NotEqual(h.SignedZones[DomainName.Parse("example.")].DsRecords[0].Data, published);
        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
    }

    [Fact]
    public async Task Unbound_ExpiredSignatures_AreBogus()
    {
        // Expired by more than Unbound's largest clock-skew allowance (val-sig-skew-max, one day).
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using TestHierarchy h = await TestHierarchy.CreateAsync(b =>
            b.AddZone("example.").WithAddress(IPAddress.Loopback, "www").WithSignatureWindow(now.AddDays(-60), now.AddDays(-10)));
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(h.EndPoint, [DomainName.Root], h.TrustAnchors);

        DnsMessage response = await RecursiveAsync(unbound, "www.example.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
    }

    private static Task<DnsMessage> RecursiveAsync(UnboundProcess unbound, string name, RecordType type) =>
        TcpAsync(unbound.EndPoint, DnsMessage.CreateQuery(1, new DnsQuestion(DomainName.Parse(name), type), recursionDesired: true, dnssecOk: true, udpPayloadSize: 4096));

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=www.example", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
