using System.CommandLine;
using System.Text.Json;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using DnsSecure.Text;

namespace DaneCli.Commands;

/// <summary><c>dane zone verify</c>: checks every signature of a signed zone file.</summary>
internal static class ZoneCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The signed zone file (e.g. dnssec-signzone output)." };
        var origin = new Option<string?>("--origin") { Description = "The zone apex; default: the owner of the file's SOA." };
        var at = new Option<string?>("--time") { Description = "Also require signatures valid at YYYYMMDDHHMMSS (UTC)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var verify = new Command("verify", "Verify every RRSIG of a signed zone with its apex DNSKEYs.") { file, origin, at, json };
        verify.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            string path = pr.GetValue(file)!.FullName;
            DomainName? apex = null;
            if (pr.GetValue(origin) is { } originText && !DomainName.TryParse(originText, out apex))
            {
                throw new CliException($"'{originText}' is not a domain name");
            }

            IReadOnlyList<ResourceRecord> records;
            try
            {
                records = ZoneFileReader.ReadFile(path, new ZoneFileReaderOptions { Origin = apex ?? DomainName.Root });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DnsSecure.Wire.DnsFormatException)
            {
                throw new CliException($"cannot read zone {path}: {e.Message}", e);
            }

            apex ??= records.FirstOrDefault(r => r.Data is SoaRdata)?.Name ?? throw new CliException($"{path} has no SOA; give --origin");
            DateTimeOffset? when = pr.GetValue(at) is { } timeText ? ResolverOptions.ParseTime(timeText) : null;
            ZoneVerificationReport report;
            try
            {
                report = SignedZoneVerifier.Verify(apex, records, when);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, e);
            }

            int signatures = records.Count(r => r.Data is RrsigRdata);
            if (pr.GetValue(json))
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
                {
                    writer.WriteStartObject();
                    writer.WriteString("zone", apex.ToString());
                    writer.WriteBoolean("valid", report.IsValid);
                    writer.WriteNumber("records", records.Count);
                    writer.WriteNumber("signatures", signatures);
                    writer.WriteNumber("validSignatures", report.ValidSignatures);
                    writer.WriteNumber("signedRrsets", report.SignedRRsets);
                    writer.WriteStartArray("problems");
                    foreach (string problem in report.Problems)
                    {
                        writer.WriteStringValue(problem);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"{apex}: {(report.IsValid ? "valid" : "INVALID")}; {records.Count} records, {signatures} signatures, {report.ValidSignatures} valid, {report.SignedRRsets} signed RRsets, {report.Problems.Length} problems").ConfigureAwait(false);
                foreach (string problem in report.Problems)
                {
                    await context.Out.WriteLineAsync("  " + problem).ConfigureAwait(false);
                }
            }

            return report.IsValid ? Program.ExitSuccess : Program.ExitNegative;
        });
        return new Command("zone", "Zone file tools.") { verify };
    }
}
