using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using DnsSecure;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneCli.Commands;

/// <summary><c>dane generate</c>: the TLSA record for a certificate.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var cert = new Option<FileInfo>("--cert") { Description = "The certificate (PEM or DER); with several PEM certificates the first is used.", Required = true };
        var usage = new Option<byte>("--usage") { Description = "Certificate usage (RFC 6698 §2.1.1).", DefaultValueFactory = _ => 3 };
        var selector = new Option<byte>("--selector") { Description = "Selector: 0 full certificate, 1 SubjectPublicKeyInfo.", DefaultValueFactory = _ => 1 };
        var mtype = new Option<byte>("--mtype") { Description = "Matching type: 0 full, 1 SHA-256, 2 SHA-512.", DefaultValueFactory = _ => 1 };
        var host = new Option<string?>("--host") { Description = "The host name; with it the whole record is printed." };
        var port = new Option<int>("--port") { Description = "The port of the TLSA owner name.", DefaultValueFactory = _ => 443 };
        var proto = new Option<string>("--proto") { Description = "The transport of the TLSA owner name.", DefaultValueFactory = _ => "tcp" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("generate", "Print the TLSA record matching a certificate.") { cert, usage, selector, mtype, host, port, proto, json };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            List<X509Certificate2> certificates = CertificateFiles.Load(pr.GetValue(cert)!.FullName);
            try
            {
                TlsaRdata tlsa = TlsaText.FromCertificate(certificates[0], (TlsaCertificateUsage)pr.GetValue(usage),
                    (TlsaSelector)pr.GetValue(selector), (TlsaMatchingType)pr.GetValue(mtype));
                string? hostName = pr.GetValue(host);
                if (hostName is null)
                {
                    await context.Out.WriteLineAsync(pr.GetValue(json) ? ToJson(tlsa, owner: null) : TlsaText.Format(tlsa)).ConfigureAwait(false);
                    return Program.ExitSuccess;
                }

                int portNumber = CommandArguments.Port(pr.GetValue(port), allowZero: true);
                DomainName name = CommandArguments.DomainName(hostName);

                // RFC 6698 §3: _port._protocol.host
                string owner = string.Create(CultureInfo.InvariantCulture, $"_{portNumber}._{pr.GetValue(proto)}.{name}");
                await context.Out.WriteLineAsync(pr.GetValue(json) ? ToJson(tlsa, owner) : $"{owner} IN TLSA {TlsaText.Format(tlsa)}").ConfigureAwait(false);
                return Program.ExitSuccess;
            }
            finally
            {
                foreach (X509Certificate2 c in certificates)
                {
                    c.Dispose();
                }
            }
        });
        return command;
    }

    private static string ToJson(TlsaRdata tlsa, string? owner)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, CliJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("owner", owner);
            writer.WriteString("rdata", TlsaText.Format(tlsa));
            writer.WriteString("usage", TlsaText.UsageName(tlsa.Usage));
            writer.WriteString("selector", TlsaText.SelectorName(tlsa.Selector));
            writer.WriteString("matchingType", TlsaText.MatchingTypeName(tlsa.MatchingType));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
