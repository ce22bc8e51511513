using DaneSockets.Smtp;
using DaneSockets.Tlsa;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Resolution;

namespace SmtpDane;

/// <summary>The online mode: the IANA root trust anchor and the system's resolvers (resolv.conf), port 25 on the internet.</summary>
public static class InternetDelivery
{
    /// <summary>Checks (or, with <paramref name="send"/>, delivers a short test message to) <paramref name="domain"/>.</summary>
    /// <returns>0 when at least one MX host was usable (or accepted the message), 1 otherwise.</returns>
    public static async Task<int> RunAsync(string domain, (string From, string To)? send, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var stub = new StubResolver(new StubResolverOptions());
        var resolver = new ValidatingResolver(new StubDataSource(stub), TrustAnchorStore.Default);
        var client = new SmtpDaneClient(new DaneTargetResolver(resolver), new SmtpDaneOptions { ClientName = Environment.MachineName.ToLowerInvariant() });
        SmtpDomainReport report;
        if (send is { } envelope)
        {
            var message = new SmtpMessage(envelope.From, [envelope.To],
                $"From: {envelope.From}\nTo: {envelope.To}\nSubject: DANE test from SmtpDane\n\nThis message was delivered over SMTP with DANE (RFC 7672).\n");
            report = await client.SendAsync(domain, message, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            report = await client.CheckAsync(domain, cancellationToken).ConfigureAwait(false);
        }

        OfflineDemo.Print(report, output);
        return (send is null ? report.Hosts.Any(h => h.IsUsable) : report.DeliveredBy is not null) ? 0 : 1;
    }
}
