using System.Security.Cryptography.X509Certificates;
using DaneHttp;
using DaneSockets.Policy;
using DaneSockets.Tls;
using DnsSecure;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using WebAgent;

// With a URL: check it on the real internet, with the IANA root anchors and the system's resolver.
if (args.Length > 0)
{
    return await CheckUrlAsync(new Uri(args[0]), args.Contains("--opportunistic"));
}

AnsiConsole.MarkupLine("[bold]WebAgent[/]: DANE-pinned HTTPS calls through [blue]AddDaneHttpClient[/], offline, on a private signed DNS tree.");

// Certificates and real Kestrel HTTPS endpoints on 127.0.0.1.
using X509Certificate2 eeCert = DemoServers.SelfSigned("ee.example");
using X509Certificate2 ca = DemoServers.CertificateAuthority("Demo Private CA");
using X509Certificate2 taCert = DemoServers.IssuedBy(ca, "ta.example");
using X509Certificate2 published = DemoServers.SelfSigned("wrong.example");
using X509Certificate2 presented = DemoServers.SelfSigned("wrong.example");
using X509Certificate2 bogusCert = DemoServers.SelfSigned("www.bogus.example");
using X509Certificate2 insecureCert = DemoServers.SelfSigned("www.insecure.example");
var servers = new List<WebApplication>();
async Task<int> Serve(X509Certificate2 cert, X509Certificate2? issuer = null)
{
    var (app, port) = await DemoServers.StartAsync(cert, issuer);
    servers.Add(app);
    return port;
}

int eePort = await Serve(eeCert);
int taPort = await Serve(taCert, ca);
int wrongPort = await Serve(presented);
int bogusPort = await Serve(bogusCert);
int insecurePort = await Serve(insecureCert);

// A private root, example. with TLSA for each endpoint, a child zone we break, and an unsigned child.
await using TestHierarchy dns = await TestHierarchy.CreateAsync(b =>
{
    b.AddZone("example.")
        .WithTlsa(eePort, eeCert, "ee")
        .WithTlsa(taPort, ca, "ta", usage: TlsaCertificateUsage.DaneTa, selector: TlsaSelector.Spki, matchingType: TlsaMatchingType.Full)
        .WithTlsa(wrongPort, published, "wrong");
    b.AddZone("bogus.example.").WithTlsa(bogusPort, bogusCert, "www");
    b.AddZone("insecure.example.").Unsigned().WithTlsa(insecurePort, insecureCert, "www");
});
dns.Server.Faults.AddForZone(DomainName.Parse("bogus.example."), Fault.CorruptSignatures);

var stubOptions = new StubResolverOptions();
stubOptions.Servers.Add(new NameServer(dns.EndPoint));
await using var stub = new StubResolver(stubOptions);
var anchors = dns.TrustAnchorStore;
var services = new ServiceCollection();
services.AddSingleton(new ValidatingResolver(new StubDataSource(stub), anchors));
services.AddDaneHttpClient("dane", o => o.Policy = DanePolicy.Required);
await using ServiceProvider provider = services.BuildServiceProvider();
HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("dane");

var table = new Table().Border(TableBorder.Rounded)
    .AddColumn("Endpoint").AddColumn("Set-up").AddColumn("Result").AddColumn("Why");
(string Url, string Setup)[] cases =
[
    ($"https://ee.example:{eePort}/", "DANE-EE 3 1 1, self-signed leaf"),
    ($"https://ta.example:{taPort}/", "DANE-TA 2 1 0: a private CA key"),
    ($"https://wrong.example:{wrongPort}/", "TLSA for another certificate"),
    ($"https://www.bogus.example:{bogusPort}/", "zone signatures corrupted"),
    ($"https://www.insecure.example:{insecurePort}/", "unsigned zone (no DNSSEC)"),
];
int accepted = 0;
foreach (var (url, setup) in cases)
{
    try
    {
        using HttpResponseMessage response = await client.GetAsync(url);
        DaneConnectionResult? result = response.GetDaneResult();
        var v = result?.Decision.Verification;
        string why = v is null ? result?.Decision.Reason.ToString() ?? "?" : $"matched {v.MatchedRecord} at depth {v.MatchDepth}";
        table.AddRow(Markup.Escape(url), Markup.Escape(setup), $"[green]accepted ({(int)response.StatusCode})[/]", Markup.Escape(why));
        accepted++;
    }
    catch (HttpRequestException e)
    {
        string why = Find<DaneAuthenticationException>(e) is { } dane
            ? dane.Result is { } r ? $"{r.Decision.Reason}: TLSA {r.Target.Tlsa.Outcome}" + (r.Target.TlsaFailure is { } f ? $" — {f}" : r.Decision.Verification is { } v ? $" — {v.Detail}" : string.Empty) : dane.Message
            : e.Message;
        table.AddRow(Markup.Escape(url), Markup.Escape(setup), "[red]refused[/]", Markup.Escape(why));
    }
}

AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"{accepted} accepted, {cases.Length - accepted} refused. DNS queries answered by the private tree: {dns.Server.Queries.Total}.");
foreach (WebApplication app in servers)
{
    await app.StopAsync();
    await app.DisposeAsync();
}

return accepted == 2 ? 0 : 1;

static async Task<int> CheckUrlAsync(Uri url, bool opportunistic)
{
    var services = new ServiceCollection();
    services.AddDaneHttpClient("dane", o => o.Policy = opportunistic ? DanePolicy.Opportunistic : DanePolicy.Required);
    await using ServiceProvider provider = services.BuildServiceProvider();
    HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("dane");
    try
    {
        using HttpResponseMessage response = await client.GetAsync(url);
        DaneConnectionResult? result = response.GetDaneResult();
        AnsiConsole.MarkupLine($"[green]{(int)response.StatusCode}[/] {Markup.Escape(url.ToString())}: {Markup.Escape(result?.ToString() ?? "no DANE result")}");
        return 0;
    }
    catch (HttpRequestException e)
    {
        AnsiConsole.MarkupLine($"[red]refused[/] {Markup.Escape(url.ToString())}: {Markup.Escape(Find<DaneAuthenticationException>(e)?.Message ?? e.Message)}");
        return 1;
    }
}

static T? Find<T>(Exception e) where T : Exception
{
    for (Exception? x = e; x is not null; x = x.InnerException)
    {
        if (x is T t)
        {
            return t;
        }
    }

    return null;
}
