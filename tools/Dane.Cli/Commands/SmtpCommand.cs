using System.CommandLine;
using System.Text.Json;
using DaneSockets.Smtp;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Resolution;
using Spectre.Console;

namespace DaneCli.Commands;

/// <summary>
/// <c>dane smtp</c>: the RFC 7672 check of every MX host of a mail domain — MX status, TLSA status, the security level that
/// applies, STARTTLS, and whether the certificate matched. No mail is sent (EHLO, STARTTLS, EHLO, QUIT).
/// </summary>
internal static class SmtpCommand
{
    public static Command Create(CliContext context)
    {
        var domain = new Argument<string>("domain") { Description = "The mail domain (the next-hop domain of RFC 7672)." };
        var port = new Option<int>("--port") { Description = "The SMTP port of the MX hosts.", DefaultValueFactory = _ => 25 };
        var helo = new Option<string>("--helo") { Description = "The name sent with EHLO.", DefaultValueFactory = _ => "localhost" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var resolverOptions = new ResolverOptions();
        var command = new Command("smtp", "Check every MX host of a mail domain the RFC 7672 way: MX and TLSA status, STARTTLS, DANE match.") { domain, port, helo, json };
        resolverOptions.AddTo(command);
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            string domainName = pr.GetValue(domain)!;
            CommandArguments.DomainName(domainName);
            int portNumber = CommandArguments.Port(pr.GetValue(port));

            (IAsyncDisposable owner, ValidatingResolver resolver) = resolverOptions.Build(pr);
            await using (owner.ConfigureAwait(false))
            {
                var client = new SmtpDaneClient(new DaneTargetResolver(resolver), new SmtpDaneOptions { Port = portNumber, ClientName = pr.GetValue(helo)! });
                SmtpDomainReport report = await client.CheckAsync(domainName, ct).ConfigureAwait(false);
                if (pr.GetValue(json))
                {
                    await context.Out.WriteLineAsync(ToJson(report)).ConfigureAwait(false);
                }
                else
                {
                    await WriteTextAsync(context, report).ConfigureAwait(false);
                }

                // Success means the domain is fully protected: MX hosts exist and every one of them authenticated by DANE.
                bool allDane = report.Hosts.Length > 0 && report.Hosts.All(h => h.Status == SmtpMxStatus.DaneAuthenticated);
                return allDane ? Program.ExitSuccess : Program.ExitNegative;
            }
        });
        return command;
    }

    private static async Task WriteTextAsync(CliContext context, SmtpDomainReport report)
    {
        SmtpDeliveryPlan plan = report.Plan;
        await context.Out.WriteLineAsync($";; {plan.Domain} MX: {plan.MxStatus}{(plan.IsImplicitMx ? " (no MX: the domain itself, RFC 5321 §5.1)" : string.Empty)}{(plan.MxFailure is { } f ? $" — {f}" : string.Empty)}").ConfigureAwait(false);
        if (plan.Undeliverable is { } why)
        {
            await context.Out.WriteLineAsync($";; undeliverable: {why}").ConfigureAwait(false);
        }

        var table = new Table().AddColumns("Pref", "MX host", "TLSA", "Level", "Result", "Matched", "Detail");
        foreach (SmtpMxReport host in report.Hosts)
        {
            table.AddRow(
                host.Plan.Preference.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(host.Plan.Host.ToString().TrimEnd('.') + (host.Address is null ? string.Empty : $" [{host.Address}]")),
                Markup.Escape(TlsaStatus(host)),
                host.Plan.Level.ToString(),
                host.Status.ToString(),
                Markup.Escape(Matched(host) ?? "-"),
                Markup.Escape(host.Detail));
        }

        context.Console.Write(table);
    }

    private static string ToJson(SmtpDomainReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
        {
            SmtpDeliveryPlan plan = report.Plan;
            writer.WriteStartObject();
            writer.WriteString("domain", plan.Domain.ToString().TrimEnd('.'));
            writer.WriteString("mxStatus", plan.MxStatus.ToString().ToLowerInvariant());
            writer.WriteBoolean("implicitMx", plan.IsImplicitMx);
            writer.WriteString("undeliverable", plan.Undeliverable?.ToString());
            writer.WriteStartArray("hosts");
            foreach (SmtpMxReport host in report.Hosts)
            {
                writer.WriteStartObject();
                writer.WriteString("host", host.Plan.Host.ToString().TrimEnd('.'));
                writer.WriteNumber("preference", host.Plan.Preference);
                writer.WriteString("address", host.Address?.ToString());
                writer.WriteString("tlsaStatus", TlsaStatus(host));
                writer.WriteString("level", host.Plan.Level.ToString().ToLowerInvariant());
                writer.WriteString("status", host.Status.ToString());
                writer.WriteString("matched", Matched(host));
                if (host.Dane?.Decision.Verification is { MatchDepth: >= 0 } verification && host.Status == SmtpMxStatus.DaneAuthenticated)
                {
                    writer.WriteNumber("depth", verification.MatchDepth);
                }
                else
                {
                    writer.WriteNull("depth");
                }

                writer.WriteString("detail", host.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string TlsaStatus(SmtpMxReport host) => host.Plan.Target is { } target ? VerifyCommand.TlsaStatus(target) : "-";

    private static string? Matched(SmtpMxReport host) =>
        host.Status == SmtpMxStatus.DaneAuthenticated && host.Dane?.Decision.Verification?.MatchedRecord is { } record ? TlsaText.Format(record) : null;
}
