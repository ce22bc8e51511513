using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Adversarial.Tests.Attackers;
using Adversarial.Tests.Support;
using DaneHttp;
using DaneSockets.Policy;
using DaneSockets.Results;
using DaneSockets.Tls;
using DnsSecure;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using Microsoft.Extensions.DependencyInjection;

namespace Adversarial.Tests.Tls;

/// <summary>
/// TLS attacks against DaneTlsConnector and HttpClient (AddDaneHttpClient): the wrong certificate, the right key in
/// the wrong place, expiry and names by usage, a TLSA rollover, a server switching certificates between pooled
/// connections, and a man in the middle with its own valid-looking (even PKIX-trusted) chain.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class TlsAttackTests(ITestOutputHelper output)
{
    private const string Host = "www.example";

    [Fact]
    public async Task WrongCertificate_IsRefusedWithNoMatch_ByTheConnectorAndByHttpClient()
    {
        using X509Certificate2 published = TestCertificates.CreateLeaf(Host);
        using X509Certificate2 presented = TestCertificates.CreateLeaf(Host);
        await using var server = LoopbackTlsServer.StartHttp(presented);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
        await using ServiceProvider services = HttpServices(tree, DanePolicy.Opportunistic);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");
        var attack = Attack.Begin("tls: wrong certificate (3 1 1 for another key)", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Verification?.FailureKind == DaneFailureKind.NoMatch, dane.ToString());
            Exception? http = await attack.MeasureAsync(() => GetAsync(client, server.Port));
            attack.Judge(http?.FindInner<DaneAuthenticationException>()?.Result?.Decision.Reason == DaneDecisionReason.DaneFailed, "http: " + (http?.Message ?? "200 OK"));
        }

        attack.Complete();
    }

    public static TheoryData<string> WrongPositions() => ["3 1 1 with the issuer's key", "1 1 1 with the issuer's key"];

    [Theory]
    [MemberData(nameof(WrongPositions))]
    public async Task RightKeyInTheWrongPositionForTheUsage_IsRefused(string placement)
    {
        // The issuer is an intermediate, so its certificate is on the wire at depth 1.
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Adversarial Root");
        using X509Certificate2 issuer = TestCertificates.CreateCa("CN=Adversarial Issuing CA", root);
        using X509Certificate2 leaf = TestCertificates.CreateLeaf(Host, issuer);
        await using var server = LoopbackTlsServer.StartHttp(leaf, issuer);
        TlsaCertificateUsage usage = placement.StartsWith('3') ? TlsaCertificateUsage.DaneEe : TlsaCertificateUsage.PkixEe;
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, issuer, "www", usage: usage));
        var options = new DaneTlsOptions { PkixTrustStore = [root] };
        var attack = Attack.Begin($"tls: right key, wrong position ({placement})", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port, options));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Reason == DaneDecisionReason.DaneFailed, dane.ToString());
        }

        attack.Complete();
    }

    [Fact]
    public async Task ExpiredLeaf_PassesWithDaneEe_FailsWithPkixEe()
    {
        using X509Certificate2 ca = TestCertificates.CreateCa("CN=Adversarial CA");
        using X509Certificate2 expired = TestCertificates.CreateLeaf(Host, ca, DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = LoopbackTlsServer.StartHttp(expired, ca);
        await using SignedTree daneEe = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, expired, "www"));
        await using SignedTree pkixEe = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, expired, "www", usage: TlsaCertificateUsage.PkixEe));
        var options = new DaneTlsOptions { PkixTrustStore = [ca] };

        // RFC 7671 §5.1: DANE-EE ignores the validity period, so the expired leaf is accepted.
        DaneAttempt accepted = await DaneAttempt.ConnectAsync(daneEe.Connector, Host, server.Port, options);
        Assert.True(accepted.Accepted?.IsAuthenticatedByDane, accepted.ToString());

        var attack = Attack.Begin("tls: expired leaf under PKIX-EE (1 1 1)", output);
        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(pkixEe.Connector, Host, server.Port, options));
            DaneFailureKind? kind = dane.Refused?.Result?.Decision.Verification?.FailureKind;
            attack.Judge(dane.IsRefusedByDane && kind is DaneFailureKind.ValidityPeriod or DaneFailureKind.PkixValidationFailed, dane.ToString());
        }

        attack.Complete();
    }

    [Fact]
    public async Task NameMismatchUnderDaneTa_IsRefusedWithNameMismatch()
    {
        // The trust anchor is an intermediate: servers send it (a self-signed root is trimmed from the chain).
        using X509Certificate2 root = TestCertificates.CreateCa("CN=Adversarial Root");
        using X509Certificate2 anchor = TestCertificates.CreateCa("CN=Adversarial Issuing CA", root);
        using X509Certificate2 otherName = TestCertificates.CreateLeaf("www.other.example", anchor);
        using X509Certificate2 rightName = TestCertificates.CreateLeaf(Host, anchor);
        await using var server = LoopbackTlsServer.StartHttp(rightName, anchor);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, anchor, "www", usage: TlsaCertificateUsage.DaneTa));
        // The control: the anchor matches, and with the right name the chain is accepted.
        DaneAttempt control = await DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port);
        Assert.True(control.Accepted?.IsAuthenticatedByDane, control.ToString());

        server.Present(otherName, anchor);
        var attack = Attack.Begin("tls: name mismatch under DANE-TA (2 1 1)", output);
        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Verification?.FailureKind == DaneFailureKind.NameMismatch, dane.ToString());
        }

        attack.Complete();
    }

    [Fact]
    public async Task TlsaRollover_OldCertificateAfterTheNewTlsaIsPublished_IsRefused()
    {
        using X509Certificate2 before = TestCertificates.CreateLeaf(Host);
        using X509Certificate2 after = TestCertificates.CreateLeaf(Host);
        await using var server = LoopbackTlsServer.StartHttp(before);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, before, "www"));
        Assert.True((await DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port)).Accepted?.IsAuthenticatedByDane);

        // The zone rolls to the new key; the server (or an attacker holding the retired key) still presents the old one.
        DomainName owner = DomainName.Parse($"_{server.Port}._tcp.www.example.");
        ZoneEdits.Resign(tree.Hierarchy, "example.", records =>
            [.. records.Where(r => r.Type != RecordType.TLSA), new ResourceRecord(owner, 3600, new TlsaRdata(TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, SHA256.HashData(after.PublicKey.ExportSubjectPublicKeyInfo())))]);
        tree.Resolver.ClearCache(); // the old TLSA's TTL has run out, in the validator's cache and the stub's
        tree.Stub.ClearCache();
        var attack = Attack.Begin("tls: retired certificate after a TLSA rollover", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Reason == DaneDecisionReason.DaneFailed, dane.ToString());
        }

        attack.Complete();
        server.Present(after);
        Assert.True((await DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port)).Accepted?.IsAuthenticatedByDane);
    }

    [Fact]
    public async Task ServerSwitchesCertificateMidPool_NewConnectionsAreRefused()
    {
        using X509Certificate2 published = TestCertificates.CreateLeaf(Host);
        using X509Certificate2 switched = TestCertificates.CreateLeaf(Host);
        await using var server = LoopbackTlsServer.StartHttp(published);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(server.Port, published, "www"));
        await using ServiceProvider services = HttpServices(tree, DanePolicy.Required);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");
        Assert.Null(await GetAsync(client, server.Port));

        server.Present(switched);
        var attack = Attack.Begin("tls: certificate switched between pooled connections", output);
        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            Exception? http = await attack.MeasureAsync(() => GetAsync(client, server.Port));
            attack.Judge(http?.FindInner<DaneAuthenticationException>()?.Result?.Decision.Reason == DaneDecisionReason.DaneFailed, http?.Message ?? "200 OK");
        }

        attack.Complete();
        server.Present(published);
        Assert.Null(await GetAsync(client, server.Port));
    }

    [Fact]
    public async Task ManInTheMiddle_WithItsOwnTrustedLookingChain_IsRefused()
    {
        using X509Certificate2 real = TestCertificates.CreateLeaf(Host);
        using X509Certificate2 rogueCa = TestCertificates.CreateCa("CN=Adversarial Public CA");
        using X509Certificate2 rogueLeaf = TestCertificates.CreateLeaf(Host, rogueCa);
        await using var server = LoopbackTlsServer.StartHttp(real);
        await using var mitm = MitmTlsProxy.Start(server.Port, real, rogueLeaf, rogueCa);
        // The victim's path to www.example:<port> ends at the proxy; the TLSA at that port names the real key.
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithTlsa(mitm.Port, real, "www").WithTlsa(server.Port, real, "www"));
        await using ServiceProvider services = HttpServices(tree, DanePolicy.Opportunistic);
        HttpClient client = services.GetRequiredService<IHttpClientFactory>().CreateClient("dane");
        var options = new DaneTlsOptions { Policy = DanePolicy.Opportunistic, PkixTrustStore = [rogueCa] };
        var attack = Attack.Begin("tls: man in the middle with a PKIX-trusted chain", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            DaneAttempt dane = await attack.MeasureAsync(() => DaneAttempt.ConnectAsync(tree.Connector, Host, mitm.Port, options));
            attack.Judge(dane.IsRefusedByDane && dane.Refused!.Result!.Decision.Reason == DaneDecisionReason.DaneFailed, dane.ToString());
            Exception? http = await attack.MeasureAsync(() => GetAsync(client, mitm.Port));
            attack.Judge(http?.FindInner<DaneAuthenticationException>() is not null, "http: " + (http?.Message ?? "200 OK"));
        }

        attack.Complete();
        // The control: the same client reaches the real server directly.
        Assert.True((await DaneAttempt.ConnectAsync(tree.Connector, Host, server.Port, options)).Accepted?.IsAuthenticatedByDane);
        Assert.Null(await GetAsync(client, server.Port));
    }

    private static ServiceProvider HttpServices(SignedTree tree, DanePolicy policy)
    {
        var services = new ServiceCollection();
        services.AddSingleton(tree.Resolver);
        services.AddDaneHttpClient("dane", o => o.Policy = policy);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Null on 200 OK, else what was thrown.</summary>
    private static async Task<Exception?> GetAsync(HttpClient client, int port)
    {
        try
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri($"https://{Host}:{port}/"));
            return response.StatusCode == HttpStatusCode.OK ? null : new HttpRequestException(response.StatusCode.ToString());
        }
        catch (HttpRequestException e)
        {
            return e;
        }
    }
}
