using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneSockets.Matching;
using DaneSockets.Results;
using DnsSecure.Records;

namespace DaneCli.Commands;

/// <summary><c>dane check</c>: matches a certificate chain against TLSA records offline (no DNS, no network).</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var chain = new Option<FileInfo>("--chain") { Description = "The chain the server presents: PEM, leaf first (or one DER certificate).", Required = true };
        var host = new Option<string>("--host") { Description = "The reference name the certificate must carry (for PKIX-* and, with --ee-name-checks, DANE-EE).", Required = true };
        var tlsa = new Option<string[]>("--tlsa") { Description = "A TLSA record, e.g. \"3 1 1 HEX\"; repeat for an RRset.", AllowMultipleArgumentsPerToken = false };
        var tlsaFile = new Option<FileInfo?>("--tlsa-file") { Description = "A file of TLSA records, one per line (RDATA or whole records)." };
        var trustStore = new Option<FileInfo?>("--trust-store") { Description = "PEM trust anchors for PKIX-TA / PKIX-EE records." };
        var eeNames = new Option<bool>("--ee-name-checks") { Description = "Also check the name in DANE-EE certificates (off by default, RFC 7671 §5.1)." };
        var smtp = new Option<bool>("--smtp") { Description = "The SMTP profile (RFC 7672): PKIX-TA and PKIX-EE records are unusable." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("check", "Check a certificate chain against TLSA records, offline.") { chain, host, tlsa, tlsaFile, trustStore, eeNames, smtp, json };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var records = new List<TlsaRdata>();
            foreach (string text in pr.GetValue(tlsa) ?? [])
            {
                records.Add(TlsaText.Parse(text));
            }

            if (pr.GetValue(tlsaFile) is { } file)
            {
                records.AddRange(TlsaText.ReadFile(file.FullName));
            }

            if (records.Count == 0)
            {
                throw new CliException("no TLSA records: give --tlsa or --tlsa-file");
            }

            List<X509Certificate2> presented = CertificateFiles.Load(pr.GetValue(chain)!.FullName);
            List<X509Certificate2> anchors = pr.GetValue(trustStore) is { } store ? CertificateFiles.Load(store.FullName) : [];
            try
            {
                var request = new DaneVerificationRequest(records, presented, [pr.GetValue(host)!])
                {
                    Options = new DaneVerificationOptions
                    {
                        Profile = pr.GetValue(smtp) ? DaneProfile.Smtp : DaneProfile.Generic,
                        CheckDaneEeNames = pr.GetValue(eeNames),
                        PkixTrustStore = [.. anchors],
                    },
                };
                DaneVerificationResult result = DaneMatcher.Verify(request);
                if (pr.GetValue(json))
                {
                    await context.Out.WriteLineAsync(ToJson(result)).ConfigureAwait(false);
                }
                else
                {
                    await WriteTextAsync(context.Out, result).ConfigureAwait(false);
                }

                return result.IsVerified ? Program.ExitSuccess : Program.ExitNegative;
            }
            finally
            {
                foreach (X509Certificate2 c in presented.Concat(anchors))
                {
                    c.Dispose();
                }
            }
        });
        return command;
    }

    private static async Task WriteTextAsync(TextWriter output, DaneVerificationResult result)
    {
        if (result.IsVerified)
        {
            await output.WriteLineAsync($"match: {TlsaText.Format(result.MatchedRecord!)} at depth {result.MatchDepth}").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"no match ({result.FailureKind}): {result.Detail}").ConfigureAwait(false);
        }

        foreach (TlsaRecordResult record in result.Records)
        {
            await output.WriteLineAsync($"  {TlsaText.Format(record.Record)}: {record.Verdict}{(record.Depth >= 0 ? $" at depth {record.Depth}" : string.Empty)} ({record.Detail})").ConfigureAwait(false);
        }
    }

    private static string ToJson(DaneVerificationResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("outcome", result.IsVerified ? "match" : "nomatch");
            if (result.MatchedRecord is { } matched)
            {
                writer.WriteString("matched", TlsaText.Format(matched));
                writer.WriteNumber("depth", result.MatchDepth);
            }
            else
            {
                writer.WriteNull("matched");
                writer.WriteNull("depth");
            }

            writer.WriteString("reason", result.IsVerified ? result.Detail : $"{result.FailureKind}: {result.Detail}");
            writer.WriteStartArray("records");
            foreach (TlsaRecordResult record in result.Records)
            {
                writer.WriteStartObject();
                writer.WriteString("record", TlsaText.Format(record.Record));
                writer.WriteString("verdict", record.Verdict.ToString());
                if (record.Depth >= 0)
                {
                    writer.WriteNumber("depth", record.Depth);
                }
                else
                {
                    writer.WriteNull("depth");
                }

                writer.WriteString("detail", record.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
