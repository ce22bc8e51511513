using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Smtp;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;

namespace SmtpDane;

/// <summary>
/// The offline demonstration: a private signed DNS tree where <c>example.</c> has three MX hosts — <c>mx.bogus.example</c>
/// (preference 10, its zone's signatures corrupted), <c>mx-wrong.example</c> (20, TLSA for another key) and <c>mx.example</c>
/// (30, DANE-EE <c>3 1 1</c> that matches) — each a mail receiver with STARTTLS on its own 127.0.0.x address, and a message
/// delivered to <c>postmaster@example</c> over DANE-authenticated STARTTLS.
/// </summary>
public static class OfflineDemo
{
    /// <summary>The recipient domain of the demonstration.</summary>
    public const string Domain = "example.";

    /// <summary>Runs the demonstration, writing the per-MX outcomes to <paramref name="output"/>.</summary>
    /// <returns>0 when everything happened as DANE requires, 1 otherwise.</returns>
    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("SmtpDane: mail delivery over DANE-authenticated STARTTLS (RFC 7672), offline, on a private signed DNS tree.");

        using X509Certificate2 goodCert = SelfSigned("mx.example");
        using X509Certificate2 wrongCert = SelfSigned("mx-wrong.example");
        using X509Certificate2 publishedForWrong = SelfSigned("mx-wrong.example");
        using X509Certificate2 bogusCert = SelfSigned("mx.bogus.example");
        var (bogus, wrong, good) = StartReceivers(bogusCert, wrongCert, goodCert);
        await using MailReceiver bogusReceiver = bogus, wrongReceiver = wrong, goodReceiver = good;
        int port = good.EndPoint.Port;

        await using TestHierarchy dns = await TestHierarchy.CreateAsync(b =>
        {
            b.AddZone("example.")
                .WithRecord("@ MX 10 mx.bogus.example.").WithRecord("@ MX 20 mx-wrong").WithRecord("@ MX 30 mx")
                .WithAddress(wrong.EndPoint.Address, "mx-wrong").WithTlsa(port, publishedForWrong, "mx-wrong")
                .WithAddress(good.EndPoint.Address, "mx").WithTlsa(port, goodCert, "mx");
            b.AddZone("bogus.example.").WithAddress(bogus.EndPoint.Address, "mx").WithTlsa(port, bogusCert, "mx");
        }, cancellationToken).ConfigureAwait(false);
        dns.Server.Faults.AddForZone(DomainName.Parse("bogus.example."), Fault.CorruptSignatures);

        var stubOptions = new StubResolverOptions();
        stubOptions.Servers.Add(new NameServer(dns.EndPoint));
        await using var stub = new StubResolver(stubOptions);
        var resolver = new ValidatingResolver(new StubDataSource(stub), dns.TrustAnchorStore);
        var client = new SmtpDaneClient(new DaneTargetResolver(resolver), new SmtpDaneOptions { Port = port, ClientName = "sender.test" });

        var message = new SmtpMessage("demo@sender.test", ["postmaster@example"],
            "From: demo@sender.test\nTo: postmaster@example\nSubject: DANE demo\n\nDelivered over STARTTLS, authenticated by a TLSA record.\n.\n");
        SmtpDomainReport report = await client.SendAsync(Domain, message, cancellationToken).ConfigureAwait(false);

        Print(report, output);
        output.WriteLine();
        output.WriteLine("What the receivers saw:");
        foreach (MailReceiver receiver in new[] { bogus, wrong, good })
        {
            output.WriteLine($"  {receiver.Name,-18} {receiver.EndPoint,-18} connections {receiver.Connections}, commands: {string.Join(" | ", receiver.Commands)}");
        }

        bool asDaneRequires = report.DeliveredBy?.Plan.Host == DomainName.Parse("mx.example.")
            && report.DeliveredBy.Status == SmtpMxStatus.DaneAuthenticated
            && bogus.Connections == 0
            && !wrong.Commands.Any(c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase))
            && good.Messages.Count == 1;
        output.WriteLine(asDaneRequires
            ? "Result: delivered by mx.example over DANE; the bogus MX was skipped and the mismatching one abandoned before MAIL FROM."
            : "Result: NOT as DANE requires.");
        return asDaneRequires ? 0 : 1;
    }

    /// <summary>Writes a per-MX report, one line per host.</summary>
    public static void Print(SmtpDomainReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{report.Plan}");
        foreach (SmtpMxReport host in report.Hosts)
        {
            output.WriteLine($"  MX {host.Plan.Preference,3} {host.Plan.Host,-20} level {host.Plan.Level,-13} ({host.Plan.Reason}) → {host.Status}{(host.Delivered ? ", DELIVERED" : string.Empty)}");
            output.WriteLine($"      {host.Detail.ReplaceLineEndings(" ")}");
        }
    }

    private static (MailReceiver Bogus, MailReceiver Wrong, MailReceiver Good) StartReceivers(X509Certificate2 bogus, X509Certificate2 wrong, X509Certificate2 good)
    {
        // One port for all three (the TLSA owner names carry it), each receiver on its own loopback address.
        for (int attempt = 0; ; attempt++)
        {
            MailReceiver? first = null, second = null;
            try
            {
                first = MailReceiver.Start("mx.example", IPAddress.Parse("127.0.0.1"), 0, good);
                int port = first.EndPoint.Port;
                second = MailReceiver.Start("mx-wrong.example", IPAddress.Parse("127.0.0.2"), port, wrong);
                MailReceiver third = MailReceiver.Start("mx.bogus.example", IPAddress.Parse("127.0.0.3"), port, bogus);
                return (third, second, first);
            }
            catch (SocketException) when (attempt < 20)
            {
                second?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                first?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
