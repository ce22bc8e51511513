using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneSockets.Policy;
using DaneSockets.Smtp;
using DaneSockets.Tests.Support;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Testing.Server;

namespace DaneSockets.Tests.Smtp;

/// <summary>RFC 7672 planning and sessions: a private signed DNS tree and fake ESMTP receivers on 127.0.0.x.</summary>
public sealed class SmtpDaneClientTests
{
    private const int PlanPort = 2525;
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Third = IPAddress.Parse("127.0.0.3");
    private static readonly SmtpMessage Mail = new("sender@example.org", ["rcpt@example."], "Subject: test\n\n.a line with a dot\nbye\n");

    [Fact]
    public async Task Plan_SecureMxWithUsableTlsa_IsDaneInPreferenceOrder()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 20 mx-b").WithRecord("@ MX 10 mx-a")
            .WithTlsa(PlanPort, cert, "mx-a").WithTlsa(PlanPort, cert, "mx-b"));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.Null(plan.Undeliverable);
        Assert.Equal(["mx-a.example.", "mx-b.example."], plan.Hosts.Select(h => h.Host.ToString()));
        Assert.All(plan.Hosts, h => Assert.Equal((SmtpTlsLevel.Dane, SmtpPlanReason.TlsaUsable), (h.Level, h.Reason)));
        Assert.Equal(DomainName.Parse("_2525._tcp.mx-a.example."), plan.Hosts[0].Target!.TlsaOwner);
    }

    [Fact]
    public async Task Plan_NullMx_IsUndeliverable()
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 0 ."));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.Equal(SmtpPlanReason.NullMx, plan.Undeliverable);
        Assert.Empty(plan.Hosts);
    }

    [Fact]
    public async Task Plan_NoMxRrset_DomainItselfIsTheImplicitMx()
    {
        using var cert = TestCertificates.SelfSigned("example");
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithTlsa(PlanPort, cert));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.True(plan.IsImplicitMx);
        SmtpMxPlan host = Assert.Single(plan.Hosts);
        Assert.Equal((DomainName.Parse("example."), (ushort)0, SmtpTlsLevel.Dane), (host.Host, host.Preference, host.Level));
    }

    [Fact]
    public async Task Plan_NonexistentDomain_IsUndeliverable()
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example."));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("nothere.example.");

        Assert.Equal(SmtpPlanReason.NoSuchDomain, plan.Undeliverable);
    }

    [Fact]
    public async Task Plan_MxHostInBogusZone_IsSkippedWithTheFailure()
    {
        using var cert = TestCertificates.SelfSigned("mx.bogus.example");
        await using var dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.").WithRecord("@ MX 10 mx.bogus.example.").WithRecord("@ MX 20 mx").WithTlsa(PlanPort, cert, "mx");
            b.AddZone("bogus.example.").WithTlsa(PlanPort, cert, "mx");
        });
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("bogus.example."), Fault.CorruptSignatures);

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.Equal((SmtpTlsLevel.Skip, SmtpPlanReason.AddressBogus), (plan.Hosts[0].Level, plan.Hosts[0].Reason));
        Assert.NotNull(plan.Hosts[0].Failure);
        Assert.Equal(SmtpTlsLevel.Dane, plan.Hosts[1].Level);
    }

    [Fact]
    public async Task Plan_BogusMxRrset_IsUndeliverable()
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithAddress(IPAddress.Loopback, "mx"));
        dns.Hierarchy.Server.Faults.AddForZone(DomainName.Parse("example."), Fault.CorruptSignatures);

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.Equal(SmtpPlanReason.MxBogus, plan.Undeliverable);
        Assert.Empty(plan.Hosts);
    }

    [Fact]
    public async Task Plan_InsecureMxRrset_IgnoresTheHostsTlsa()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        await using var dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.").WithTlsa(PlanPort, cert, "mx");
            b.AddZone("unsigned.example.").Unsigned().WithRecord("@ MX 10 mx.example.");
        });

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("unsigned.example.");

        Assert.Equal(DnssecStatus.Insecure, plan.MxStatus);
        Assert.Equal((SmtpTlsLevel.Opportunistic, SmtpPlanReason.MxInsecure), (plan.Hosts[0].Level, plan.Hosts[0].Reason));
    }

    [Fact]
    public async Task Plan_OnlyPkixUsages_IsMandatoryUnauthenticatedTls()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx").WithTlsa(PlanPort, cert, "mx", usage: TlsaCertificateUsage.PkixEe));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort).PlanAsync("example.");

        Assert.Equal((SmtpTlsLevel.Encrypt, SmtpPlanReason.TlsaAllUnusable), (plan.Hosts[0].Level, plan.Hosts[0].Reason));
    }

    [Fact]
    public async Task Plan_NoTlsa_IsOpportunisticAndOverLimitHostsAreSkipped()
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx").WithRecord("@ MX 20 mx2").WithAddress(IPAddress.Loopback, "mx").WithAddress(IPAddress.Loopback, "mx2"));

        SmtpDeliveryPlan plan = await Client(dns, PlanPort, maxMx: 1).PlanAsync("example.");

        Assert.Equal((SmtpTlsLevel.Opportunistic, SmtpPlanReason.TlsaAbsent), (plan.Hosts[0].Level, plan.Hosts[0].Reason));
        Assert.Equal((SmtpTlsLevel.Skip, SmtpPlanReason.OverMxLimit), (plan.Hosts[1].Level, plan.Hosts[1].Reason));
    }

    [Fact]
    public async Task Send_MismatchingTlsa_AbandonsBeforeMailFromAndNextMxDelivers()
    {
        using var published = TestCertificates.SelfSigned("mx-bad.example");
        using var presented = TestCertificates.SelfSigned("mx-bad.example");
        using var good = TestCertificates.SelfSigned("mx-good.example");
        var servers = FakeSmtpServer.StartOnOnePort((Second, presented, 220), (IPAddress.Loopback, good, 220));
        await using FakeSmtpServer bad = servers[0], goodServer = servers[1];
        int port = bad.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx-bad").WithRecord("@ MX 20 mx-good")
            .WithAddress(Second, "mx-bad").WithTlsa(port, published, "mx-bad").WithTlsa(port, good, "mx-good"));

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", Mail);

        Assert.Equal(SmtpMxStatus.DaneRefused, report.Hosts[0].Status);
        Assert.Equal(DaneDecisionReason.DaneFailed, report.Hosts[0].Dane!.Decision.Reason);
        Assert.False(report.Hosts[0].Delivered);
        Assert.Equal(["EHLO localhost", "STARTTLS"], bad.Commands);
        Assert.Equal(SmtpMxStatus.DaneAuthenticated, report.Hosts[1].Status);
        Assert.True(report.Hosts[1].Dane!.IsAuthenticatedByDane);
        Assert.Same(report.Hosts[1], report.DeliveredBy);
        Assert.Equal(["EHLO localhost", "STARTTLS", "EHLO localhost", "MAIL FROM:<sender@example.org>", "RCPT TO:<rcpt@example.>", "DATA", "QUIT"], goodServer.Commands);
        Assert.Equal("Subject: test\n\n..a line with a dot\nbye\n", Assert.Single(goodServer.Messages));
    }

    [Fact]
    public async Task Send_DaneHostWithoutStartTls_IsAbandonedWithoutEnvelope()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, null, 220), (Second, cert, 454));
        await using FakeSmtpServer plain = servers[0], refusing = servers[1];
        int port = plain.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx").WithRecord("@ MX 20 mx2").WithAddress(Second, "mx2").WithTlsa(port, cert, "mx").WithTlsa(port, cert, "mx2"));

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", Mail);

        Assert.All(report.Hosts, h => Assert.Equal(SmtpMxStatus.StartTlsUnavailable, h.Status));
        Assert.Null(report.DeliveredBy);
        Assert.Equal(["EHLO localhost", "QUIT"], plain.Commands);
        Assert.Equal(["EHLO localhost", "STARTTLS", "QUIT"], refusing.Commands);
    }

    [Fact]
    public async Task Send_NoTlsaAndNoStartTls_DeliversInPlaintext()
    {
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, null, 220));
        await using FakeSmtpServer server = servers[0];
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithAddress(IPAddress.Loopback, "mx"));

        SmtpDomainReport report = await Client(dns, server.EndPoint.Port).SendAsync("example.", Mail);

        Assert.Equal((SmtpMxStatus.Plaintext, true), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Send_NoTlsaWithStartTls_DeliversOverUnauthenticatedTls()
    {
        using var unrelated = TestCertificates.SelfSigned("not-the-mx.test");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, unrelated, 220));
        await using FakeSmtpServer server = servers[0];
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithAddress(IPAddress.Loopback, "mx"));

        SmtpDomainReport report = await Client(dns, server.EndPoint.Port).SendAsync("example.", Mail);

        Assert.Equal((SmtpMxStatus.Encrypted, true), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        Assert.Null(report.Hosts[0].Dane);
    }

    [Fact]
    public async Task Send_FirstMxUnreachable_IsConnectFailedAndNextDelivers()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, cert, 220));
        await using FakeSmtpServer server = servers[0];
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 5 down").WithAddress(Third, "down").WithTlsa(port, cert, "down")
            .WithRecord("@ MX 10 mx").WithTlsa(port, cert, "mx"));

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", Mail);

        Assert.Equal(SmtpMxStatus.ConnectFailed, report.Hosts[0].Status);
        Assert.Equal((SmtpMxStatus.DaneAuthenticated, true), (report.Hosts[1].Status, report.Hosts[1].Delivered));
    }

    [Theory]
    [InlineData("example", true)]
    [InlineData("other.test", false)]
    public async Task Check_DaneTaLeafNamingTheNextHopDomain_IsAuthenticated(string leafName, bool accepted)
    {
        using var ca = CertificateAuthority();
        using var leaf = IssuedBy(ca, leafName);
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, leaf, 220));
        await using FakeSmtpServer server = servers[0];
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx")
            .WithTlsa(port, ca, "mx", usage: TlsaCertificateUsage.DaneTa, selector: TlsaSelector.Cert, matchingType: TlsaMatchingType.Full));

        SmtpDomainReport report = await Client(dns, port).CheckAsync("example.");

        // RFC 7672 §3.2.3: the next-hop domain "example" is a reference identifier besides the MX host "mx.example".
        Assert.Equal(accepted ? SmtpMxStatus.DaneAuthenticated : SmtpMxStatus.DaneRefused, report.Hosts[0].Status);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(true, new[] { "mx-b.example.", "mx-c.example.", "mx-a.example.", "mx-z.example." })]
    [InlineData(false, new[] { "mx-a.example.", "mx-b.example.", "mx-c.example.", "mx-z.example." })]
    public async Task Plan_EqualPreferences_AreShuffledByTheInjectedRandomAndLowerPreferenceStaysFirst(bool alwaysFirst, string[] expected)
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx-c").WithRecord("@ MX 20 mx-z").WithRecord("@ MX 10 mx-a").WithRecord("@ MX 10 mx-b"));
        var random = new ScriptedRandom(alwaysFirst);

        SmtpDeliveryPlan plan = await Client(dns, PlanPort, random: random).PlanAsync("example.");

        // RFC 5321 §5.1: the three hosts of preference 10 come in the order the random source chose (Fisher–Yates over their
        // canonical order), the preference-20 host after them whatever the random source says.
        Assert.Equal(expected, plan.Hosts.Select(h => h.Host.ToString()));
        Assert.Equal(2, random.Calls);
    }

    [Fact]
    public void OrderMxHosts_DefaultRandom_ProducesEveryOrderOfEqualPreferences()
    {
        MxRdata[] records = [new(10, DomainName.Parse("a.example.")), new(10, DomainName.Parse("b.example.")), new(5, DomainName.Parse("first.example."))];
        var seen = new HashSet<string>();
        var random = new Random(7);

        for (int i = 0; i < 200; i++)
        {
            var hosts = SmtpDaneClient.OrderMxHosts(records, random);
            Assert.Equal("first.example.", hosts[0].Host.ToString());
            seen.Add(string.Join(",", hosts.Skip(1).Select(h => h.Host.ToString())));
        }

        Assert.Equal(["a.example.,b.example.", "b.example.,a.example."], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_OpportunisticHostWhoseTlsHandshakeFails_IsRetriedInPlaintextAndReported()
    {
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, null, 220));
        await using FakeSmtpServer server = servers[0];
        server.BreakTls = true;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithAddress(IPAddress.Loopback, "mx"));

        SmtpDomainReport report = await Client(dns, server.EndPoint.Port).SendAsync("example.", Mail);

        // RFC 7435 §3 / RFC 7672 §2.2: no usable TLSA (proven absent), so a failed handshake is followed by plaintext on a
        // new connection; the report says so.
        SmtpMxReport host = Assert.Single(report.Hosts);
        Assert.Equal((SmtpMxStatus.PlaintextAfterTlsFailure, true), (host.Status, host.Delivered));
        Assert.StartsWith("TLS handshake failed", host.Detail, StringComparison.Ordinal);
        Assert.Contains("-- reconnecting without STARTTLS after the failed TLS handshake --", host.Transcript);
        Assert.Equal(2, server.Connections);
        Assert.Equal(["EHLO localhost", "STARTTLS", "EHLO localhost", "MAIL FROM:<sender@example.org>", "RCPT TO:<rcpt@example.>", "DATA", "QUIT"], server.Commands);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Send_OpportunisticTlsFailureWithRetryTurnedOff_IsTlsFailedWithoutEnvelope()
    {
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, null, 220));
        await using FakeSmtpServer server = servers[0];
        server.BreakTls = true;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithAddress(IPAddress.Loopback, "mx"));
        var client = new SmtpDaneClient(dns.Targets, new SmtpDaneOptions { Port = server.EndPoint.Port, RetryPlaintextAfterTlsFailure = false });

        SmtpDomainReport report = await client.SendAsync("example.", Mail);

        Assert.Equal((SmtpMxStatus.TlsFailed, false), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        Assert.Equal(1, server.Connections);
        Assert.Equal(["EHLO localhost", "STARTTLS"], server.Commands);
    }

    [Theory]
    [InlineData(TlsaCertificateUsage.DaneEe, SmtpTlsLevel.Dane)]
    [InlineData(TlsaCertificateUsage.PkixEe, SmtpTlsLevel.Encrypt)]
    public async Task Send_SecureTlsaHostWhoseTlsHandshakeFails_NeverSeesMailFromOrPlaintext(TlsaCertificateUsage usage, SmtpTlsLevel level)
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, cert, 220));
        await using FakeSmtpServer server = servers[0];
        server.BreakTls = true;
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithTlsa(port, cert, "mx", usage: usage));

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", Mail);

        // RFC 7672 §2.2: a secure TLSA RRset makes TLS mandatory; a failed handshake is never followed by cleartext.
        Assert.Equal(level, report.Plan.Hosts[0].Level);
        Assert.Equal((SmtpMxStatus.TlsFailed, false), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        Assert.Equal(1, server.Connections);
        Assert.Equal(["EHLO localhost", "STARTTLS"], server.Commands);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Check_DaneTaLeafNamingTheSecurelyExpandedMxHost_IsAuthenticated()
    {
        using var ca = CertificateAuthority();
        using var leaf = IssuedBy(ca, "real.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, leaf, 220));
        await using FakeSmtpServer server = servers[0];
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx").WithRecord("mx IN CNAME real").WithAddress(IPAddress.Loopback, "real")
            .WithRecord($"_{port}._tcp.mx IN TLSA 2 0 0 {Convert.ToHexString(ca.RawData)}"));

        SmtpDomainReport report = await Client(dns, port).CheckAsync("example.");

        // RFC 7672 §3.2.2: the TLSA RRset is at the MX host name (none at the expansion), yet the securely expanded name
        // "real.example" is a reference identifier too, besides "mx.example" and the next-hop domain "example".
        Assert.Equal(DomainName.Parse("mx.example."), report.Plan.Hosts[0].Target!.TlsaBaseDomain);
        Assert.Equal(SmtpMxStatus.DaneAuthenticated, report.Hosts[0].Status);
        Assert.Equal(["mx.example"], report.Plan.Hosts[0].Target!.ReferenceNames.ToArray());
        Assert.Equal(["example", "real.example"], SmtpDaneClient.ReferenceNamesBeyondTarget(report.Plan, report.Plan.Hosts[0].Target!).ToArray());
    }

    [Fact]
    public async Task Check_DaneTaLeafNamingAnInsecurelyExpandedMxHost_IsRefused()
    {
        using var ca = CertificateAuthority();
        using var leaf = IssuedBy(ca, "mx.unsigned.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, leaf, 220));
        await using FakeSmtpServer server = servers[0];
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b =>
        {
            b.AddZone("example.").WithRecord("@ MX 10 mx").WithRecord("mx IN CNAME mx.unsigned.example.")
                .WithRecord($"_{port}._tcp.mx IN TLSA 2 0 0 {Convert.ToHexString(ca.RawData)}");
            b.AddZone("unsigned.example.").Unsigned().WithAddress(IPAddress.Loopback, "mx");
        });

        SmtpDeliveryPlan plan = await Client(dns, port).PlanAsync("example.");

        // The expansion is insecure, so it is no reference identifier, and RFC 7672 §2.2.2 makes the host opportunistic.
        Assert.Null(plan.Hosts[0].Target!.SecureExpansion);
        Assert.Equal((SmtpTlsLevel.Opportunistic, SmtpPlanReason.AddressInsecure), (plan.Hosts[0].Level, plan.Hosts[0].Reason));
    }

    [Fact]
    public async Task Send_Utf8AddressToServerWithSmtpUtf8_SendsTheParameterAndUtf8Octets()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, cert, 220));
        await using FakeSmtpServer server = servers[0];
        server.AdvertiseSmtpUtf8 = true;
        int port = server.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.").WithRecord("@ MX 10 mx").WithTlsa(port, cert, "mx"));
        var mail = new SmtpMessage("jösé@example.org", ["用户@example."], "Subject: hi\n\nbody\n");

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", mail);

        Assert.Equal((SmtpMxStatus.DaneAuthenticated, true), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        string[] commands = [.. server.Commands.Select(c => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(c)))];
        // RFC 6531 §3.4: the SMTPUTF8 parameter on MAIL FROM, and the addresses as UTF-8 octets.
        Assert.Contains("MAIL FROM:<jösé@example.org> SMTPUTF8", commands);
        Assert.Contains("RCPT TO:<用户@example.>", commands);
    }

    [Fact]
    public async Task Send_Utf8AddressToServerWithoutSmtpUtf8_IsRefusedBeforeMailFromAndNextMxDelivers()
    {
        using var cert = TestCertificates.SelfSigned("mx.example");
        var servers = FakeSmtpServer.StartOnOnePort((IPAddress.Loopback, cert, 220), (Second, cert, 220));
        await using FakeSmtpServer plain = servers[0], international = servers[1];
        international.AdvertiseSmtpUtf8 = true;
        int port = plain.EndPoint.Port;
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example.")
            .WithRecord("@ MX 10 mx").WithRecord("@ MX 20 mx2").WithAddress(Second, "mx2").WithTlsa(port, cert, "mx").WithTlsa(port, cert, "mx2"));
        var mail = new SmtpMessage("sender@example.org", ["用户@example."], "Subject: hi\n\nbody\n");

        SmtpDomainReport report = await Client(dns, port).SendAsync("example.", mail);

        // RFC 6531 §3.2: never raw UTF-8 to a server that did not advertise SMTPUTF8.
        Assert.Equal((SmtpMxStatus.SmtpUtf8Unavailable, false), (report.Hosts[0].Status, report.Hosts[0].Delivered));
        Assert.Equal(["EHLO localhost", "STARTTLS", "EHLO localhost", "QUIT"], plain.Commands);
        Assert.Same(report.Hosts[1], report.DeliveredBy);
    }

    [Theory]
    [InlineData("mail example.org")]
    [InlineData("mäil.example.org")]
    public async Task Create_UnusableEhloName_Throws(string name)
    {
        await using var dns = await SignedDns.CreateAsync(b => b.AddZone("example."));

        Assert.Throws<ArgumentException>(() => new SmtpDaneClient(dns.Targets, new SmtpDaneOptions { ClientName = name }));
    }

    private static SmtpDaneClient Client(SignedDns dns, int port, int maxMx = 10, Random? random = null) =>
        new(dns.Targets, new SmtpDaneOptions { Port = port, MaxMxHosts = maxMx, SessionTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(10), Random = random });

    /// <summary>Always picks the first or always the last candidate of a Fisher–Yates step.</summary>
    private sealed class ScriptedRandom(bool alwaysFirst) : Random
    {
        public int Calls { get; private set; }

        public override int Next(int maxValue)
        {
            Calls++;
            return alwaysFirst ? 0 : maxValue - 1;
        }
    }

    private static X509Certificate2 CertificateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SMTP Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 IssuedBy(X509Certificate2 ca, string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using ECDsa caKey = ca.GetECDsaPrivateKey()!;
        using X509Certificate2 issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
