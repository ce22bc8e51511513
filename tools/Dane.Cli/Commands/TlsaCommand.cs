using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Resolution;
using Spectre.Console;

namespace DaneCli.Commands;

/// <summary><c>dane tlsa</c>: the validated TLSA RRset of a service, the way a DANE client looks it up (RFC 7671 §7).</summary>
internal static class TlsaCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Argument<string>("host") { Description = "The service host name." };
        var port = new Option<int>("--port") { Description = "The service port.", DefaultValueFactory = _ => 443 };
        var proto = new Option<string>("--proto") { Description = "The transport protocol label.", DefaultValueFactory = _ => "tcp" };
        var smtp = new Option<bool>("--smtp") { Description = "Classify records with the SMTP profile (RFC 7672: PKIX-* unusable)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var resolverOptions = new ResolverOptions();
        var command = new Command("tlsa", "Look up and validate the TLSA records of a service, with RFC 7218 field names.") { host, port, proto, smtp, json };
        resolverOptions.AddTo(command);
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            string hostName = pr.GetValue(host)!;
            CommandArguments.DomainName(hostName);
            int portNumber = CommandArguments.Port(pr.GetValue(port), allowZero: true);

            (IAsyncDisposable owner, ValidatingResolver resolver) = resolverOptions.Build(pr);
            await using (owner.ConfigureAwait(false))
            {
                DaneTarget target = await new DaneTargetResolver(resolver)
                    .ResolveAsync(hostName, portNumber, pr.GetValue(smtp) ? DaneProfile.Smtp : DaneProfile.Generic, pr.GetValue(proto)!, ct)
                    .ConfigureAwait(false);
                if (pr.GetValue(json))
                {
                    await context.Out.WriteLineAsync(ToJson(target)).ConfigureAwait(false);
                }
                else
                {
                    await WriteTextAsync(context, target).ConfigureAwait(false);
                }

                return target.Tlsa.Outcome == TlsaLookupOutcome.SecureUsable ? Program.ExitSuccess : Program.ExitNegative;
            }
        });
        return command;
    }

    private static async Task WriteTextAsync(CliContext context, DaneTarget target)
    {
        await context.Out.WriteLineAsync($";; {target.TlsaOwner} TLSA: {target.Tlsa.Outcome}").ConfigureAwait(false);
        if (target.TlsaFailure is { } failure)
        {
            await context.Out.WriteLineAsync($";; reason: {failure}").ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($";; addresses ({target.AddressStatus}): {string.Join(' ', target.Addresses.Select(a => a.ToString()))}").ConfigureAwait(false);
        if (target.Tlsa.Records.IsDefaultOrEmpty)
        {
            return;
        }

        var table = new Table().AddColumns("Usage", "Selector", "Matching type", "Certificate association data");
        foreach (TlsaRdata record in target.Tlsa.Records)
        {
            table.AddRow(
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{(byte)record.Usage} {TlsaText.UsageName(record.Usage)}")),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{(byte)record.Selector} {TlsaText.SelectorName(record.Selector)}")),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{(byte)record.MatchingType} {TlsaText.MatchingTypeName(record.MatchingType)}")),
                Convert.ToHexString(record.CertificateAssociationData.Span));
        }

        context.Console.Write(table);
    }

    private static string ToJson(DaneTarget target)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("owner", target.TlsaOwner.ToString());
            writer.WriteString("outcome", target.Tlsa.Outcome.ToString());
            if (target.TlsaFailure is { } failure)
            {
                writer.WriteString("reason", failure.ToString());
            }
            else
            {
                writer.WriteNull("reason");
            }

            writer.WriteString("addressStatus", target.AddressStatus.ToString().ToLowerInvariant());
            writer.WriteStartArray("addresses");
            foreach (IPAddress address in target.Addresses)
            {
                writer.WriteStringValue(address.ToString());
            }

            writer.WriteEndArray();
            writer.WriteStartArray("records");
            foreach (TlsaRdata record in target.Tlsa.Records.IsDefault ? [] : target.Tlsa.Records)
            {
                writer.WriteStartObject();
                writer.WriteString("rdata", TlsaText.Format(record));
                writer.WriteString("usage", TlsaText.UsageName(record.Usage));
                writer.WriteString("selector", TlsaText.SelectorName(record.Selector));
                writer.WriteString("matchingType", TlsaText.MatchingTypeName(record.MatchingType));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
